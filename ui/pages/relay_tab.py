"""Tiếp sóng, a tab of the Sync page: the relay feeds the station takes (the province's,
brought by every sync, and the outside feeds it subscribed to), each feed's last refresh and
its episodes with their download state; subscribe, refresh now (what came, what resumed, what
was refused and why) and remove. The same core functions as `station relay ...`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from media.taskstate import TaskState
from station.changes import Changes
from station.rights import Right
from station.station import Station
from sync.episodes import reason_of
from ui import i18n
from ui.operations import relay as relay_ops

FEED_ID = Qt.ItemDataRole.UserRole
PROVINCE = Qt.ItemDataRole.UserRole + 1


class SubscribeDialog(QDialog):
    """The address of a feed, an optional title and how many of its newest episodes to keep;
    the dialog stays open with the reason when the core refuses."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setObjectName("relay_subscribe_dialog")
        self.setWindowTitle(self.tr("Subscribe to a relay feed"))
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.url = QLineEdit(self)
        self.url.setObjectName("relay_url")
        self.url.setPlaceholderText("https://…/podcast.rss")
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("relay_title")
        self.title_edit.setPlaceholderText(self.tr("the feed's own title"))
        self.keep = QSpinBox(self)
        self.keep.setObjectName("relay_keep")
        self.keep.setRange(1, 500)
        self.keep.setValue(10)
        self.keep.setSuffix(self.tr(" newest episodes"))
        self.problem = QLabel(self)
        self.problem.setObjectName("relay_subscribe_problem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Subscribe"))
        form.addRow(self.tr("Feed address (RSS or Atom)"), self.url)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Keep"), self.keep)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.feed: Any = None

    def submit(self) -> None:
        from ui.errors import describe

        url = self.url.text().strip()
        if not url:
            self.problem.setText(self.tr("Enter the feed's address."))
            return
        self.buttons.setEnabled(False)
        self.problem.setText(self.tr("Subscribing…"))

        def done(found: tuple[Any, Changes]) -> None:
            self.feed = found[0]
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            self.problem.setText(describe(exc))

        relay_ops.subscribe(self, self.station, url, self.title_edit.text().strip(),
                            self.keep.value()).success(done).failure(failed) \
            .run_in_background()


class RelayTab(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setObjectName("relay_tab")
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Programmes the station relays: the province's feeds come with "
                              "every sync; outside feeds (RSS, Atom, podcasts) are read on "
                              "demand and by the station service. New episodes are downloaded "
                              "and put in the library."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.feeds = QTreeWidget(self)
        self.feeds.setObjectName("relay_feeds")
        self.feeds.setRootIsDecorated(False)
        self.feeds.setAlternatingRowColors(True)
        self.feeds.setHeaderLabels([self.tr("Feed"), self.tr("Address"), self.tr("Source"),
                                    self.tr("Keep"), self.tr("Last refresh"),
                                    self.tr("Result"), self.tr("Episodes")])
        self.feeds.setMinimumHeight(150)
        header = self.feeds.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        for column in (2, 3, 4, 5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 220)
        layout.addWidget(self.feeds, 2)
        row = QHBoxLayout()
        self.subscribe = QPushButton(self.tr("Subscribe…"), self)
        self.subscribe.setObjectName("relay_subscribe")
        self.refresh = QPushButton(self.tr("Refresh now"), self)
        self.refresh.setObjectName("relay_refresh")
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.setObjectName("relay_remove")
        self.why = QLabel(self)
        self.why.setObjectName("relay_why")
        self.why.setWordWrap(True)
        row.addWidget(self.subscribe)
        row.addWidget(self.refresh)
        row.addWidget(self.remove)
        row.addWidget(self.why, 1)
        layout.addLayout(row)
        self.result = QLabel(self)
        self.result.setObjectName("relay_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        self.episodes_heading = QLabel(self)
        self.episodes_heading.setObjectName("relay_episodes_heading")
        self.episodes_heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.episodes_heading)
        self.episodes = QTreeWidget(self)
        self.episodes.setObjectName("relay_episodes")
        self.episodes.setRootIsDecorated(False)
        self.episodes.setAlternatingRowColors(True)
        self.episodes.setHeaderLabels([self.tr("Episode"), self.tr("Published"),
                                       self.tr("Size"), self.tr("Download")])
        self.episodes.setMinimumHeight(150)
        eheader = self.episodes.header()
        eheader.setStretchLastSection(True)
        eheader.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        eheader.resizeSection(0, 320)
        for column in (1, 2):
            eheader.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.episodes, 3)
        self.tz: Any = i18n.zone_of(station)
        self._refreshing: TaskState | None = None
        self.subscribe.clicked.connect(self.open_subscribe)
        self.refresh.clicked.connect(self.refresh_now)
        self.remove.clicked.connect(self.remove_selected)
        self.feeds.currentItemChanged.connect(lambda *_a: self._feed_selected())
        self._buttons()
        self.load()

    # -- feeds -----------------------------------------------------------------------------
    def load(self) -> None:
        relay_ops.feeds(self, self.station).success(self._show_feeds).run_in_background()

    def _show_feeds(self, found: tuple[Any, list[Any]]) -> None:
        self.tz, feeds = found
        current = self.current_feed_id()
        self.feeds.blockSignals(True)
        self.feeds.clear()
        chosen = None
        for feed in feeds:
            item = QTreeWidgetItem([
                feed.title or feed.url, feed.url,
                self.tr("Province") if feed.province else self.tr("Subscribed"),
                str(feed.keep),
                i18n.format_moment(feed.last_checked_at, self.tz) or self.tr("never"),
                self._result_text(feed), self._count_text(feed.entries)])
            item.setData(0, FEED_ID, feed.id)
            item.setData(0, PROVINCE, feed.province)
            item.setToolTip(0, feed.title or feed.url)
            item.setToolTip(1, feed.url)
            if feed.last_error:
                item.setToolTip(5, self._reason(feed.last_error, feed.last_error_typed))
            self.feeds.addTopLevelItem(item)
            if feed.id == current:
                chosen = item
        self.feeds.blockSignals(False)
        if chosen is None and self.feeds.topLevelItemCount():
            chosen = self.feeds.topLevelItem(0)
        if chosen is not None:
            self.feeds.setCurrentItem(chosen)
        self._feed_selected()

    def _reason(self, text: str, typed: str = "", *, short: bool = False) -> str:
        """A stored reason in the UI language; ``short``: an episode's file is named by its
        file name (the row already says which episode)."""
        from ui.errors import describe

        why = reason_of(text, typed)
        url = str(why.params.get("url", ""))
        if short and url:
            why.params["url"] = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or url
        return describe(why)

    def _result_text(self, feed: Any) -> str:
        if feed.last_error:
            return self.tr("Not read: %1").replace(
                "%1", self._reason(feed.last_error, feed.last_error_typed))
        done = feed.last_result or {}
        if done.get("at"):
            added = int(done.get("added", 0)) + int(done.get("resumed", 0))
            return self.tr("%1 added, %2 refused").replace("%1", str(added)) \
                .replace("%2", str(done.get("refused", 0)))
        return self.tr("Read") if feed.last_checked_at else ""

    def _count_text(self, entries: dict[str, int]) -> str:
        total = sum(entries.values())
        return self.tr("%1 (%2 downloaded)").replace("%1", str(total)) \
            .replace("%2", str(entries.get("imported", 0)))

    def current_feed_id(self) -> str | None:
        item = self.feeds.currentItem()
        return None if item is None else str(item.data(0, FEED_ID))

    def _feed_selected(self) -> None:
        item = self.feeds.currentItem()
        self._buttons()
        if item is None:
            self.episodes.clear()
            self.episodes_heading.setText(self.tr("No relay feed yet: subscribe to one, or "
                                                  "sync to receive the province's."))
            return
        self.episodes_heading.setText(self.tr("Episodes of “%1”").replace("%1", item.text(0)))
        feed_id = str(item.data(0, FEED_ID))
        relay_ops.episodes(self, self.station, feed_id) \
            .success(lambda found: self._show_episodes(feed_id, found)).run_in_background()

    def _show_episodes(self, feed_id: str, found: list[Any]) -> None:
        if feed_id != self.current_feed_id():
            return  # another feed was chosen meanwhile
        self.episodes.clear()
        for episode in found:
            state = self._state_text(episode)
            item = QTreeWidgetItem([episode.title or episode.guid,
                                    i18n.format_moment(episode.published_at, self.tz),
                                    self._size(episode.length), state])
            item.setData(0, FEED_ID, episode.guid)
            item.setData(3, FEED_ID, episode.state)
            item.setToolTip(0, episode.title)
            item.setToolTip(3, self._reason(episode.reason, episode.reason_typed)
                            if episode.reason else state)
            self.episodes.addTopLevelItem(item)

    def _size(self, size: int | None) -> str:
        if not size:
            return ""
        return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)

    def _state_text(self, episode: Any) -> str:
        if episode.state == "downloaded":
            return self.tr("Downloaded, in the library")
        if episode.state == "refused":
            return self.tr("Refused: %1").replace("%1",
                                                  self._reason(episode.reason, episode.reason_typed,
                                                               short=True))
        if episode.state == "partial":
            if episode.percent is not None:
                return self.tr("Partial: %1 % (resumes at the next refresh)").replace(
                    "%1", str(episode.percent))
            return self.tr("Partial: %1 (resumes at the next refresh)").replace(
                "%1", self._size(episode.have))
        return self.tr("Waiting to download")

    def _buttons(self) -> None:
        manage = self.station.can(Right.SETTINGS_MANAGE)
        item = self.feeds.currentItem()
        province = item is not None and bool(item.data(0, PROVINCE))
        self.subscribe.setEnabled(manage)
        self.refresh.setEnabled(self._refreshing is None and self.station.can(Right.SYNC_RUN))
        self.remove.setEnabled(manage and item is not None and not province)
        if province:
            self.why.setText(self.tr("This feed is the province's: it comes with sync and is "
                                     "read-only here."))
        elif not manage:
            self.why.setText(self.tr("Only an administrator subscribes to or removes feeds."))
        else:
            self.why.clear()

    # -- actions -----------------------------------------------------------------------------
    def open_subscribe(self) -> SubscribeDialog:
        dialog = SubscribeDialog(self.station, self)
        dialog.accepted.connect(lambda: self._subscribed(dialog.feed))
        dialog.open()
        return dialog

    def _subscribed(self, feed: Any) -> None:
        if feed is not None:
            self.result.setText(self.tr("Subscribed to “%1”. Refresh now to bring its "
                                        "episodes.").replace("%1", feed.title or feed.url))

    def refresh_now(self) -> TaskState:
        """Read every outside feed now, in the background, with progress and Cancel."""
        from ui.errors import describe

        label = self.tr("Reading the relay feeds…")
        self.result.setText(label)

        def done(found: tuple[Any, Changes]) -> None:
            self._refreshing = None
            self._buttons()
            self.result.setText(self.refresh_text(found[0]))
            self.load()

        def failed(exc: BaseException) -> None:
            self._refreshing = None
            self._buttons()
            self.result.setText(describe(exc))
            self.load()

        self._refreshing = relay_ops.refresh(self, self.station).with_progress(label) \
            .success(done).failure(failed).run_in_background()
        self._buttons()
        return self._refreshing

    def refresh_text(self, done: Any) -> str:
        """What a refresh did, feed by feed (the facts `station relay refresh` prints)."""
        if done is None:
            return self.tr("Refresh cancelled. What came before stays in the library; a "
                           "download that was cut resumes at the next refresh.")
        if not done.feeds:
            return self.tr("No outside feed to read. The province's feeds come with sync.")
        lines = []
        for feed in done.feeds:
            name = feed.title or feed.url
            if not feed.reached:
                lines.append(self.tr("%1: not read. %2").replace("%1", name)
                             .replace("%2", self._reason(feed.error,
                                                         feed.typed.get(feed.error, ""))))
                continue
            lines.append(self.tr("%1: %2 new, %3 added, %4 resumed, %5 refused.")
                         .replace("%1", name).replace("%2", str(feed.new))
                         .replace("%3", str(len(feed.added)))
                         .replace("%4", str(len(feed.resumed)))
                         .replace("%5", str(len(feed.refused))))
            lines += ["    " + self.tr("Added: %1").replace("%1", e["title"])
                      for e in feed.added]
            lines += ["    " + self.tr("Resumed after a cut: %1").replace("%1", e["title"])
                      for e in feed.resumed]
            lines += ["    " + self.tr("Refused: %1 (%2)").replace("%1", e["title"])
                      .replace("%2", self._reason(e["reason"], feed.typed.get(e["reason"], ""),
                                                short=True))
                      for e in feed.refused]
        lines += [self._reason(e) for e in done.errors]
        return "\n".join(lines)

    def confirm_remove(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Remove relay feed"),
            self.tr("Stop taking “%1”? Its episodes already in the library stay there; "
                    "downloads not finished are dropped.").replace("%1", name))
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        from ui.errors import describe

        item = self.feeds.currentItem()
        if item is None or bool(item.data(0, PROVINCE)):
            return
        name = item.text(0)
        if not self.confirm_remove(name):
            return
        done = self.tr("Removed “%1”.").replace("%1", name)
        relay_ops.remove(self, self.station, str(item.data(0, FEED_ID))) \
            .success(lambda _c: self.result.setText(done)) \
            .failure(lambda exc: self.result.setText(describe(exc))).run_in_background()

    def on_changes(self, changes: Changes) -> None:
        if changes.sync or changes.library:
            self.load()
