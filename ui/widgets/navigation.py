"""The section list on the left of the workspace, narrow on request: icons only (names in
tooltips), so a 1280-pixel screen gives the section the width it needs."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ICON = 20
COMPACT_WIDTH = ICON + 28
TITLE = Qt.ItemDataRole.UserRole + 1  # the section's name, kept while only icons show
REASON = Qt.ItemDataRole.UserRole + 2  # why the section is closed to this user, or ""


class _Delegate(QStyledItemDelegate):
    """Draws the name beside the icon, or the icon alone when the list is narrow."""

    def __init__(self, nav: SectionNav) -> None:
        super().__init__(nav)
        self.nav = nav

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if self.nav.compact:
            option.text = ""
            option.decorationAlignment = Qt.AlignmentFlag.AlignCenter
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDisplay

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), ICON + 12))


class SectionNav(QWidget):
    """``list`` holds one row per section; ``toggle`` switches between names and icons."""

    compact_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nav_panel")
        self.compact = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.list = QListWidget(self)
        self.list.setObjectName("nav")
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setItemDelegate(_Delegate(self))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("nav_toggle")
        self.toggle.setAutoRaise(True)
        self.toggle.clicked.connect(lambda: self.set_compact(not self.compact))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignRight)
        self._relabel()

    def add_section(self, title: str, icon: QStyle.StandardPixmap,
                    refused: str = "") -> QListWidgetItem:
        """A row; ``refused`` (why this user may not open it) disables it."""
        item = QListWidgetItem(self.style().standardIcon(icon), title, self.list)
        item.setData(TITLE, title)
        item.setData(REASON, refused)
        if refused:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self._tooltip(item)
        self._fit_width()
        return item

    def set_compact(self, on: bool) -> None:
        if on == self.compact:
            return
        self.compact = on
        self._relabel()
        self._fit_width()
        self.list.doItemsLayout()
        self.list.viewport().update()
        self.compact_changed.emit(on)

    def _relabel(self) -> None:
        self.toggle.setText("»" if self.compact else "«")
        self.toggle.setToolTip(self.tr("Show the section names") if self.compact
                               else self.tr("Show only icons"))
        for row in range(self.list.count()):
            self._tooltip(self.list.item(row))

    def _tooltip(self, item: QListWidgetItem) -> None:
        title, reason = str(item.data(TITLE)), str(item.data(REASON) or "")
        if self.compact:
            item.setToolTip(f"{title}: {reason}" if reason else title)
        else:
            item.setToolTip(reason)

    def _fit_width(self) -> None:
        """As wide as the longest name (no wider), or the icons alone."""
        if self.compact:
            width = COMPACT_WIDTH
        else:
            fm = self.list.fontMetrics()
            longest = max((fm.horizontalAdvance(str(self.list.item(r).data(TITLE)))
                           for r in range(self.list.count())), default=100)
            width = longest + ICON + 40
        self.setFixedWidth(width)
