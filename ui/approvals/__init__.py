"""The Approvals section: the chief's inbox and decision, seals, emergencies, the audit trail."""
