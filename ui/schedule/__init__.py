"""The Schedule section: the week, slot editing, the workflow, export, emergencies, reports."""
