<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>ApprovalsPage</name>
    <message>
        <source>Approvals</source>
        <translation>Phê duyệt</translation>
    </message>
</context>
<context>
    <name>AuditTrail</name>
    <message>
        <source>%1, revision %2</source>
        <translation>%1, bản %2</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Nhật ký kiểm toán</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Mọi người</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Mọi thao tác</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Xuất CSV…</translation>
    </message>
    <message>
        <source>Printable page…</source>
        <translation>Trang in…</translation>
    </message>
    <message>
        <source>Verify the chain</source>
        <translation>Kiểm tra chuỗi</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Thông tin</translation>
    </message>
    <message>
        <source>Only the newest %1 entries are shown: narrow the filters.</source>
        <translation>Chỉ hiện %1 mục mới nhất: hãy thu hẹp bộ lọc.</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n mục</numerusform>
        </translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation>Từ %1 đến %2</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>Xuất nhật ký kiểm toán</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>Save the printable audit trail</source>
        <translation>Lưu trang in nhật ký kiểm toán</translation>
    </message>
    <message>
        <source>Web pages (*.html)</source>
        <translation>Trang web (*.html)</translation>
    </message>
    <message>
        <source>Printed %1</source>
        <translation>In lúc %1</translation>
    </message>
    <message>
        <source>Written to %1</source>
        <translation>Đã ghi vào %1</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>It is not yet anchored at the provincial hub: a sync anchors it.</source>
        <translation>Nhật ký chưa được neo tại máy chủ tỉnh: lần đồng bộ tới sẽ neo nhật ký.</translation>
    </message>
    <message>
        <source>The provincial hub anchors it up to entry %1.</source>
        <translation>Máy chủ tỉnh đã neo nhật ký đến mục %1.</translation>
    </message>
    <message>
        <source>It holds the last head the hub acknowledged (entry %1).</source>
        <translation>Nhật ký khớp với mốc cuối cùng máy chủ tỉnh đã xác nhận (mục %1).</translation>
    </message>
    <message numerus="yes">
        <source>The chain is intact (%n entries).</source>
        <translation>
            <numerusform>Chuỗi nhật ký nguyên vẹn (%n mục).</numerusform>
        </translation>
    </message>
    <message>
        <source>The chain is BROKEN at entry %1: %2</source>
        <translation>Chuỗi nhật ký BỊ PHÁ VỠ tại mục %1: %2</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>Nothing to show</source>
        <translation>Không có dữ liệu</translation>
    </message>
</context>
<context>
    <name>BinDialog</name>
    <message>
        <source>Recycle bin</source>
        <translation>Thùng rác</translation>
    </message>
    <message>
        <source>Deleted items wait here: they are out of every search and list until they are restored. Emptying the bin removes them for good.</source>
        <translation>Các mục đã xóa nằm ở đây: chúng không xuất hiện trong tìm kiếm và danh sách cho đến khi được khôi phục. Dọn sạch thùng rác sẽ xóa hẳn các mục này.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Ngày xóa</translation>
    </message>
    <message>
        <source>Deleted by</source>
        <translation>Người xóa</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Khôi phục</translation>
    </message>
    <message>
        <source>Empty the bin…</source>
        <translation>Dọn sạch thùng rác…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>The bin is empty.</source>
        <translation>Thùng rác trống.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) restored to the library.</source>
        <translation>
            <numerusform>Đã khôi phục %n mục về thư viện.</numerusform>
        </translation>
    </message>
    <message>
        <source>Empty the bin</source>
        <translation>Dọn sạch thùng rác</translation>
    </message>
    <message numerus="yes">
        <source>Remove the %n item(s) in the bin for good? Their files are deleted too, unless another item uses them. This cannot be undone.</source>
        <translation>
            <numerusform>Xóa hẳn %n mục trong thùng rác? Tệp của chúng cũng bị xóa, trừ khi mục khác còn dùng. Không thể hoàn tác.</numerusform>
        </translation>
    </message>
    <message>
        <source>Emptying the bin…</source>
        <translation>Đang dọn sạch thùng rác…</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) removed for good.</source>
        <translation>
            <numerusform>Đã xóa hẳn %n mục.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) stay in the bin: a schedule or a programme still uses them.</source>
        <translation>
            <numerusform>%n mục vẫn ở lại thùng rác: một lịch phát sóng hoặc chương trình vẫn còn dùng chúng.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChecksList</name>
    <message>
        <source>Checks: no problems found.</source>
        <translation>Kiểm tra: không phát hiện vấn đề nào.</translation>
    </message>
    <message>
        <source>Checks: %1, %2</source>
        <translation>Kiểm tra: %1, %2</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n lỗi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n cảnh báo</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CurrentWeek</name>
    <message>
        <source>Saving the last change: try again in a moment.</source>
        <translation>Đang lưu thay đổi trước: hãy thử lại sau giây lát.</translation>
    </message>
</context>
<context>
    <name>DayColumn</name>
    <message>
        <source>Show this day</source>
        <translation>Xem ngày này</translation>
    </message>
    <message>
        <source>No sessions</source>
        <translation>Chưa có buổi phát</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>No change: this revision holds what was approved.</source>
        <translation>Không có thay đổi: bản sửa này giống bản đã duyệt.</translation>
    </message>
    <message>
        <source>First revision: nothing was approved before. It holds:</source>
        <translation>Bản sửa đầu tiên: chưa có bản nào được duyệt trước đó. Nội dung gồm:</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(trống)</translation>
    </message>
    <message>
        <source>New session %1</source>
        <translation>Buổi phát mới %1</translation>
    </message>
    <message>
        <source>Removed session %1</source>
        <translation>Đã bỏ buổi phát %1</translation>
    </message>
    <message>
        <source>Session %1 now %2</source>
        <translation>Buổi phát %1 chuyển thành %2</translation>
    </message>
    <message>
        <source>Added “%1” to %2</source>
        <translation>Thêm “%1” vào %2</translation>
    </message>
    <message>
        <source>Removed “%1” from %2</source>
        <translation>Bỏ “%1” khỏi %2</translation>
    </message>
    <message>
        <source>Moved “%1” within %2</source>
        <translation>Đổi thứ tự “%1” trong %2</translation>
    </message>
    <message>
        <source>Moved “%1” from %2 to %3</source>
        <translation>Chuyển “%1” từ %2 sang %3</translation>
    </message>
    <message>
        <source>Replaced “%1” with “%2” in %3</source>
        <translation>Thay “%1” bằng “%2” trong %3</translation>
    </message>
    <message>
        <source>Changed “%1” in %2: %3</source>
        <translation>Sửa “%1” trong %2: %3</translation>
    </message>
    <message>
        <source>priority %1 → %2</source>
        <translation>mức ưu tiên %1 → %2</translation>
    </message>
    <message>
        <source>length %1 → %2</source>
        <translation>thời lượng %1 → %2</translation>
    </message>
    <message>
        <source>(as its item)</source>
        <translation>(theo tệp)</translation>
    </message>
    <message>
        <source>title “%1” → “%2”</source>
        <translation>tiêu đề “%1” → “%2”</translation>
    </message>
    <message>
        <source>note changed</source>
        <translation>đã sửa ghi chú</translation>
    </message>
</context>
<context>
    <name>EditCommands</name>
    <message>
        <source>Select a stretch first (drag, or Shift+click)</source>
        <translation>Hãy chọn một đoạn trước (kéo chuột, hoặc Shift+bấm chuột)</translation>
    </message>
    <message>
        <source>Insert silence</source>
        <translation>Chèn khoảng lặng</translation>
    </message>
    <message>
        <source>Seconds:</source>
        <translation>Số giây:</translation>
    </message>
    <message>
        <source>Crossfade</source>
        <translation>Chuyển tiếp chồng</translation>
    </message>
    <message>
        <source>Length in seconds:</source>
        <translation>Độ dài (giây):</translation>
    </message>
    <message>
        <source>Gain</source>
        <translation>Chỉnh mức</translation>
    </message>
    <message>
        <source>Change in dB:</source>
        <translation>Mức thay đổi (dB):</translation>
    </message>
    <message>
        <source>Volume ramp</source>
        <translation>Đường âm lượng</translation>
    </message>
    <message>
        <source>Level at the start (dB):</source>
        <translation>Mức ở đầu (dB):</translation>
    </message>
    <message>
        <source>Level at the end (dB):</source>
        <translation>Mức ở cuối (dB):</translation>
    </message>
    <message>
        <source>Choose the music in the list above first</source>
        <translation>Hãy chọn nhạc trong danh sách phía trên trước</translation>
    </message>
</context>
<context>
    <name>EditToolbars</name>
    <message>
        <source>Fade curve</source>
        <translation>Dạng đường tăng/giảm dần</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>Undo the last edit (Ctrl+Z)</source>
        <translation>Hoàn tác thao tác vừa làm (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Làm lại</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>Làm lại (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>Cắt</translation>
    </message>
    <message>
        <source>Cut the selection (Ctrl+X)</source>
        <translation>Cắt vùng chọn (Ctrl+X)</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <source>Copy the selection (Ctrl+C)</source>
        <translation>Sao chép vùng chọn (Ctrl+C)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Dán</translation>
    </message>
    <message>
        <source>Paste at the cursor (Ctrl+V)</source>
        <translation>Dán tại vị trí con trỏ (Ctrl+V)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete the selection (Delete)</source>
        <translation>Xóa vùng chọn (phím Delete)</translation>
    </message>
    <message>
        <source>Trim</source>
        <translation>Cắt gọn</translation>
    </message>
    <message>
        <source>Keep only the selection (Ctrl+T)</source>
        <translation>Chỉ giữ lại vùng chọn (Ctrl+T)</translation>
    </message>
    <message>
        <source>Silence…</source>
        <translation>Khoảng lặng…</translation>
    </message>
    <message>
        <source>Insert silence at the cursor</source>
        <translation>Chèn khoảng lặng tại vị trí con trỏ</translation>
    </message>
    <message>
        <source>Fade in</source>
        <translation>Tăng dần</translation>
    </message>
    <message>
        <source>Fade in over the selection</source>
        <translation>Tăng dần âm lượng trên vùng chọn</translation>
    </message>
    <message>
        <source>Fade out</source>
        <translation>Giảm dần</translation>
    </message>
    <message>
        <source>Fade out over the selection</source>
        <translation>Giảm dần âm lượng trên vùng chọn</translation>
    </message>
    <message>
        <source>Crossfade…</source>
        <translation>Chuyển tiếp chồng…</translation>
    </message>
    <message>
        <source>Crossfade the two clips meeting nearest the cursor</source>
        <translation>Chuyển tiếp chồng hai đoạn nối nhau gần con trỏ nhất</translation>
    </message>
    <message>
        <source>Gain…</source>
        <translation>Chỉnh mức…</translation>
    </message>
    <message>
        <source>Change the level of the selection</source>
        <translation>Thay đổi mức âm lượng của vùng chọn</translation>
    </message>
    <message>
        <source>Volume ramp…</source>
        <translation>Đường âm lượng…</translation>
    </message>
    <message>
        <source>A volume envelope from the selection&apos;s start to its end</source>
        <translation>Thay đổi âm lượng dần dần từ đầu đến cuối vùng chọn</translation>
    </message>
    <message>
        <source>Normalise</source>
        <translation>Chuẩn hóa</translation>
    </message>
    <message>
        <source>Render at the station&apos;s loudness target (EBU R128)</source>
        <translation>Kết xuất theo độ lớn âm thanh chuẩn của đài (EBU R128)</translation>
    </message>
    <message>
        <source>Truncate silence</source>
        <translation>Rút ngắn khoảng lặng</translation>
    </message>
    <message>
        <source>Shorten pauses longer than a second</source>
        <translation>Rút ngắn các khoảng ngừng dài hơn một giây</translation>
    </message>
    <message>
        <source>Music under…</source>
        <translation>Nhạc nền…</translation>
    </message>
    <message>
        <source>Lay the item chosen in the list under the voice from the cursor, ducked while the voice speaks</source>
        <translation>Đặt mục đã chọn trong danh sách làm nhạc nền cho giọng đọc từ vị trí con trỏ, tự hạ nhỏ khi có giọng đọc</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Phóng to</translation>
    </message>
    <message>
        <source>Zoom in (+, Ctrl+wheel)</source>
        <translation>Phóng to (+, Ctrl+cuộn chuột)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Thu nhỏ</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>Thu nhỏ (-)</translation>
    </message>
    <message>
        <source>Whole</source>
        <translation>Toàn bộ</translation>
    </message>
    <message>
        <source>Show the whole edit</source>
        <translation>Hiện toàn bộ bản biên tập</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Phát</translation>
    </message>
    <message>
        <source>Play from the cursor / stop (Space)</source>
        <translation>Phát từ vị trí con trỏ / dừng (phím cách)</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>Phát lặp</translation>
    </message>
    <message>
        <source>Play the selection in a loop (L)</source>
        <translation>Phát lặp vùng chọn (L)</translation>
    </message>
    <message>
        <source>Render</source>
        <translation>Kết xuất</translation>
    </message>
    <message>
        <source>Render the edit to a new library item; the original stays</source>
        <translation>Kết xuất bản biên tập thành một mục mới trong thư viện; bản gốc được giữ nguyên</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>Tuyến tính</translation>
    </message>
    <message>
        <source>Quarter sine</source>
        <translation>Sin một phần tư</translation>
    </message>
    <message>
        <source>Half sine</source>
        <translation>Nửa sin</translation>
    </message>
    <message>
        <source>Exponential sine</source>
        <translation>Sin mũ</translation>
    </message>
    <message>
        <source>Logarithmic</source>
        <translation>Lôgarit</translation>
    </message>
    <message>
        <source>Inverted parabola</source>
        <translation>Parabol ngược</translation>
    </message>
    <message>
        <source>Quadratic</source>
        <translation>Bậc hai</translation>
    </message>
    <message>
        <source>Cubic</source>
        <translation>Bậc ba</translation>
    </message>
    <message>
        <source>Square root</source>
        <translation>Căn bậc hai</translation>
    </message>
    <message>
        <source>Cube root</source>
        <translation>Căn bậc ba</translation>
    </message>
    <message>
        <source>Parabola</source>
        <translation>Parabol</translation>
    </message>
    <message>
        <source>Exponential</source>
        <translation>Hàm mũ</translation>
    </message>
    <message>
        <source>Inverted quarter sine</source>
        <translation>Sin một phần tư ngược</translation>
    </message>
    <message>
        <source>Inverted half sine</source>
        <translation>Nửa sin ngược</translation>
    </message>
    <message>
        <source>Logistic sigmoid</source>
        <translation>Sigmoid logistic</translation>
    </message>
    <message>
        <source>Double-exponential sigmoid</source>
        <translation>Sigmoid mũ kép</translation>
    </message>
</context>
<context>
    <name>EditorPanel</name>
    <message>
        <source>No item open</source>
        <translation>Chưa mở mục nào</translation>
    </message>
    <message>
        <source>(deleted item)</source>
        <translation>(mục đã xóa)</translation>
    </message>
    <message>
        <source>Rendered from: %1</source>
        <translation>Kết xuất từ: %1</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Đã sao chép</translation>
    </message>
    <message>
        <source>{title} (edited)</source>
        <translation>{title} (đã biên tập)</translation>
    </message>
    <message>
        <source>Render cancelled: nothing was saved.</source>
        <translation>Đã hủy kết xuất: chưa lưu gì.</translation>
    </message>
    <message>
        <source>Rendered to a new item: {title}</source>
        <translation>Đã kết xuất thành mục mới: {title}</translation>
    </message>
    <message>
        <source>Rendering the edit…</source>
        <translation>Đang kết xuất bản biên tập…</translation>
    </message>
    <message>
        <source>Cursor {cursor} (sample {sample}) · length {length}</source>
        <translation>Con trỏ {cursor} (mẫu {sample}) · thời lượng {length}</translation>
    </message>
    <message>
        <source>selection {start}–{end} ({seconds} s)</source>
        <translation>vùng chọn {start}–{end} ({seconds} giây)</translation>
    </message>
    <message>
        <source>normalised to {lufs} LUFS</source>
        <translation>đã chuẩn hóa về {lufs} LUFS</translation>
    </message>
</context>
<context>
    <name>EmergencyBox</name>
    <message>
        <source>Emergency bulletins waiting for confirmation</source>
        <translation>Bản tin khẩn cấp đang chờ xác nhận</translation>
    </message>
    <message>
        <source>Note (required to cancel)</source>
        <translation>Ghi chú (bắt buộc khi hủy)</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>Cancel the bulletin</source>
        <translation>Hủy bản tin</translation>
    </message>
    <message>
        <source>on air since %1, declared by %2</source>
        <translation>phát từ %1, do %2 ban bố</translation>
    </message>
    <message>
        <source>Write in the note why it is cancelled.</source>
        <translation>Hãy ghi lý do hủy vào ô ghi chú.</translation>
    </message>
    <message>
        <source>Confirmed: “%1” stays on record as an emergency bulletin.</source>
        <translation>Đã xác nhận: “%1” được ghi nhận là bản tin khẩn cấp.</translation>
    </message>
    <message>
        <source>Cancelled: “%1” is recorded as not confirmed.</source>
        <translation>Đã hủy: “%1” được ghi nhận là không được xác nhận.</translation>
    </message>
</context>
<context>
    <name>EmergencyDeclaring</name>
    <message>
        <source>Emergency bulletin…</source>
        <translation>Bản tin khẩn cấp…</translation>
    </message>
    <message>
        <source>Thông tư 39/2020: an emergency bulletin goes on air at once; the chief confirms it</source>
        <translation>Thông tư 39/2020: bản tin khẩn cấp được phát ngay; trưởng đài xác nhận sau</translation>
    </message>
    <message>
        <source>Air an emergency bulletin</source>
        <translation>Phát bản tin khẩn cấp</translation>
    </message>
    <message>
        <source>Put “%1” on air now?</source>
        <translation>Phát “%1” ngay bây giờ?</translation>
    </message>
    <message>
        <source>It interrupts what is playing and goes on air at once, before the schedule; the chief must then confirm it. Reason: %1</source>
        <translation>Bản tin sẽ ngắt chương trình đang phát và lên sóng ngay, trước lịch phát; sau đó trưởng đài phải xác nhận. Lý do: %1</translation>
    </message>
    <message>
        <source>Air now</source>
        <translation>Phát ngay</translation>
    </message>
    <message>
        <source>Emergency bulletin “%1” is on air; it waits for the chief&apos;s confirmation.</source>
        <translation>Bản tin khẩn cấp “%1” đang phát; đang chờ trưởng đài xác nhận.</translation>
    </message>
</context>
<context>
    <name>EmergencyDialog</name>
    <message>
        <source>Emergency bulletin</source>
        <translation>Bản tin khẩn cấp</translation>
    </message>
    <message>
        <source>It goes on air at once, before the schedule; the chief must then confirm it.</source>
        <translation>Bản tin được phát ngay, trước lịch phát sóng; sau đó trưởng đài phải xác nhận.</translation>
    </message>
    <message>
        <source>Why is this an emergency? (required)</source>
        <translation>Vì sao đây là tình huống khẩn cấp? (bắt buộc)</translation>
    </message>
    <message>
        <source>Choose one item and say why it is an emergency.</source>
        <translation>Hãy chọn một mục và nêu lý do khẩn cấp.</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Export package</source>
        <translation>Xuất gói</translation>
    </message>
    <message>
        <source>As a folder…</source>
        <translation>Thành thư mục…</translation>
    </message>
    <message>
        <source>As one zip file…</source>
        <translation>Thành một tệp zip…</translation>
    </message>
    <message>
        <source>Printable page…</source>
        <translation>Trang in…</translation>
    </message>
    <message>
        <source>Reports…</source>
        <translation>Báo cáo…</translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation>Lưu làm mẫu…</translation>
    </message>
    <message>
        <source>Keep this week&apos;s sessions and slots as a template new weeks can start from</source>
        <translation>Giữ các buổi phát và mục của tuần này làm mẫu để tạo các tuần mới</translation>
    </message>
    <message>
        <source>Export the schedule package to</source>
        <translation>Xuất gói lịch phát sóng vào</translation>
    </message>
    <message>
        <source>Export the schedule package</source>
        <translation>Xuất gói lịch phát sóng</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Tệp zip (*.zip)</translation>
    </message>
    <message>
        <source>Save the printable schedule</source>
        <translation>Lưu lịch phát sóng để in</translation>
    </message>
    <message>
        <source>Web pages (*.html)</source>
        <translation>Trang web (*.html)</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>Lưu làm mẫu</translation>
    </message>
    <message>
        <source>Name of the template (a name in use is replaced):</source>
        <translation>Tên mẫu (mẫu trùng tên sẽ được thay):</translation>
    </message>
    <message>
        <source>Exporting the schedule package…</source>
        <translation>Đang xuất gói lịch phát sóng…</translation>
    </message>
    <message numerus="yes">
        <source>Package written to %1 (%n file(s)).</source>
        <translation>
            <numerusform>Đã ghi gói vào %1 (%n tệp).</numerusform>
        </translation>
    </message>
    <message>
        <source>Not included (no file yet): %1</source>
        <translation>Chưa đưa vào (chưa có tệp): %1</translation>
    </message>
    <message>
        <source>Writing the printable schedule…</source>
        <translation>Đang ghi lịch phát sóng để in…</translation>
    </message>
    <message>
        <source>Printable schedule written to %1: open it in a browser to print.</source>
        <translation>Đã ghi lịch để in vào %1: mở bằng trình duyệt để in.</translation>
    </message>
    <message>
        <source>Saved as the template “%1”: a new week can start from it.</source>
        <translation>Đã lưu thành mẫu “%1”: có thể tạo tuần mới từ mẫu này.</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <source>Welcome to Station</source>
        <translation>Chào mừng đến với Station</translation>
    </message>
    <message>
        <source>Create your station. You can change these later in Settings.</source>
        <translation>Tạo đài của bạn. Có thể thay đổi các thông tin này sau trong phần Cài đặt.</translation>
    </message>
    <message>
        <source>e.g. Đài truyền thanh xã Yên Bình</source>
        <translation>ví dụ: Đài truyền thanh xã Yên Bình</translation>
    </message>
    <message>
        <source>Add a demo library (speech, chimes, a picture, a bulletin)</source>
        <translation>Thêm thư viện mẫu (giọng đọc, nhạc hiệu, hình ảnh, bản tin)</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>Tên đài</translation>
    </message>
    <message>
        <source>Admin user</source>
        <translation>Tài khoản quản trị</translation>
    </message>
    <message>
        <source>Admin full name</source>
        <translation>Họ tên người quản trị</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Create the station</source>
        <translation>Tạo đài</translation>
    </message>
    <message>
        <source>Give the station a name.</source>
        <translation>Hãy đặt tên cho đài.</translation>
    </message>
    <message>
        <source>Choose the admin&apos;s user name.</source>
        <translation>Hãy chọn tên đăng nhập cho người quản trị.</translation>
    </message>
    <message numerus="yes">
        <source>The password must have at least %n characters.</source>
        <translation>
            <numerusform>Mật khẩu phải có ít nhất %n ký tự.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu khác nhau.</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Everywhere</source>
        <translation>Mọi nơi</translation>
    </message>
    <message>
        <source>Library: the list of items</source>
        <translation>Thư viện: danh sách mục</translation>
    </message>
    <message>
        <source>Schedule: the week</source>
        <translation>Lịch phát sóng: tuần</translation>
    </message>
    <message>
        <source>Studio: editor (waveform)</source>
        <translation>Phòng thu: biên tập (dạng sóng)</translation>
    </message>
    <message>
        <source>Studio: programmes (rundown)</source>
        <translation>Phòng thu: chương trình (kịch bản)</translation>
    </message>
    <message>
        <source>Studio: recording</source>
        <translation>Phòng thu: thu âm</translation>
    </message>
    <message>
        <source>Search in the current section</source>
        <translation>Tìm kiếm trong mục đang mở</translation>
    </message>
    <message>
        <source>Refresh the current section</source>
        <translation>Làm mới mục đang mở</translation>
    </message>
    <message>
        <source>Import files into the library</source>
        <translation>Nhập tệp vào thư viện</translation>
    </message>
    <message>
        <source>Show the keyboard shortcuts</source>
        <translation>Xem các phím tắt</translation>
    </message>
    <message>
        <source>Quit Station</source>
        <translation>Thoát Station</translation>
    </message>
    <message>
        <source>Play or pause from the cursor</source>
        <translation>Phát hoặc tạm dừng từ vị trí con trỏ</translation>
    </message>
    <message>
        <source>Cut the selection</source>
        <translation>Cắt đoạn đã chọn</translation>
    </message>
    <message>
        <source>Copy the selection</source>
        <translation>Sao chép đoạn đã chọn</translation>
    </message>
    <message>
        <source>Paste at the cursor</source>
        <translation>Dán vào vị trí con trỏ</translation>
    </message>
    <message>
        <source>Delete the selection</source>
        <translation>Xóa đoạn đã chọn</translation>
    </message>
    <message>
        <source>Undo the last edit</source>
        <translation>Hoàn tác thao tác vừa làm</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Làm lại</translation>
    </message>
    <message>
        <source>Keep only the selection (trim)</source>
        <translation>Chỉ giữ đoạn đã chọn (cắt gọn)</translation>
    </message>
    <message>
        <source>Play the selection in a loop</source>
        <translation>Phát lặp đoạn đã chọn</translation>
    </message>
    <message>
        <source>Play the selected item</source>
        <translation>Phát mục đang chọn</translation>
    </message>
    <message>
        <source>Move the selected items to the bin</source>
        <translation>Chuyển các mục đang chọn vào thùng rác</translation>
    </message>
    <message>
        <source>Remove the selected slot</source>
        <translation>Bỏ mục đang chọn khỏi buổi phát</translation>
    </message>
    <message>
        <source>Put back the last slot removed</source>
        <translation>Đưa lại mục vừa bỏ khỏi buổi phát</translation>
    </message>
    <message>
        <source>Remove the selected segment</source>
        <translation>Bỏ đoạn đang chọn</translation>
    </message>
    <message>
        <source>Put back the last segment removed</source>
        <translation>Đưa lại đoạn vừa bỏ</translation>
    </message>
    <message>
        <source>Drop a marker while recording</source>
        <translation>Đặt điểm đánh dấu khi đang thu</translation>
    </message>
</context>
<context>
    <name>Importing</name>
    <message>
        <source>Import from file…</source>
        <translation>Nhập từ tệp…</translation>
    </message>
    <message>
        <source>A week planned in Excel (.xlsx, .csv) or JSON: date, start, session, item or title and text, relay; one row per slot</source>
        <translation>Lịch một tuần soạn trong Excel (.xlsx, .csv) hoặc JSON: ngày, bắt đầu, buổi, mục hoặc tiêu đề và nội dung, tiếp sóng; mỗi mục phát một dòng</translation>
    </message>
    <message>
        <source>Import a week&apos;s schedule</source>
        <translation>Nhập lịch phát sóng của một tuần</translation>
    </message>
    <message>
        <source>Schedules (*.xlsx *.csv *.json);;All files (*)</source>
        <translation>Lịch phát sóng (*.xlsx *.csv *.json);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Replace the draft?</source>
        <translation>Thay thế bản nháp?</translation>
    </message>
    <message>
        <source>Replace that draft with the file?</source>
        <translation>Thay bản nháp đó bằng nội dung tệp?</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Đang nhập %1…</translation>
    </message>
    <message>
        <source>%1 imported as the draft of %2 – %3: %4 sessions, %5 slots.</source>
        <translation>Đã nhập %1 thành bản nháp lịch %2 – %3: %4 buổi, %5 mục phát.</translation>
    </message>
    <message>
        <source>New text bulletins in the library: %1.</source>
        <translation>Bản tin văn bản mới trong thư viện: %1.</translation>
    </message>
</context>
<context>
    <name>InboxBox</name>
    <message>
        <source>Schedules waiting for approval</source>
        <translation>Lịch phát sóng chờ duyệt</translation>
    </message>
    <message>
        <source>Only the station chief approves schedules.</source>
        <translation>Chỉ trưởng đài mới duyệt lịch phát sóng.</translation>
    </message>
    <message>
        <source>No schedule is waiting for approval.</source>
        <translation>Không có lịch phát sóng nào đang chờ duyệt.</translation>
    </message>
    <message>
        <source>Decided recently</source>
        <translation>Đã quyết định gần đây</translation>
    </message>
    <message>
        <source>Comment (required to reject)</source>
        <translation>Ý kiến (bắt buộc khi trả lại)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Trả lại</translation>
    </message>
    <message>
        <source>revision %1</source>
        <translation>bản sửa %1</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n lỗi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n cảnh báo</numerusform>
        </translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>Ý kiến: %1</translation>
    </message>
    <message>
        <source>%1, revision %2, submitted by %3 on %4: %5 session(s), %6 slot(s)</source>
        <translation>%1, bản sửa %2, do %3 gửi lúc %4: %5 buổi phát, %6 mục</translation>
    </message>
    <message>
        <source>Changes since the approved revision %1</source>
        <translation>Thay đổi so với bản sửa %1 đã duyệt</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Checks: %1, %2</source>
        <translation>Kiểm tra: %1, %2</translation>
    </message>
    <message>
        <source>Checks: no problems found.</source>
        <translation>Kiểm tra: không phát hiện vấn đề nào.</translation>
    </message>
    <message>
        <source>The checks found errors: the editor must fix them first.</source>
        <translation>Kiểm tra phát hiện lỗi: biên tập viên phải sửa trước.</translation>
    </message>
    <message>
        <source>Write in the comment why it is rejected.</source>
        <translation>Hãy ghi lý do trả lại vào ô ý kiến.</translation>
    </message>
    <message>
        <source>Approved: the schedule is locked and sealed.</source>
        <translation>Đã duyệt: lịch phát sóng đã được khóa và niêm phong.</translation>
    </message>
    <message>
        <source>Rejected: the editor sees your comment.</source>
        <translation>Đã trả lại: biên tập viên sẽ thấy ý kiến của bạn.</translation>
    </message>
    <message>
        <source>Sign the approval</source>
        <translation>Ký phê duyệt</translation>
    </message>
    <message>
        <source>Your password, to unlock your signing key:</source>
        <translation>Mật khẩu của bạn, để mở khóa ký:</translation>
    </message>
</context>
<context>
    <name>ItemEditor</name>
    <message>
        <source>comma-separated</source>
        <translation>cách nhau bằng dấu phẩy</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Tiêu chuẩn</translation>
    </message>
    <message>
        <source>Keep forever</source>
        <translation>Lưu vĩnh viễn</translation>
    </message>
    <message>
        <source>Temporary</source>
        <translation>Tạm thời</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Mô tả</translation>
    </message>
    <message>
        <source>Programme / series</source>
        <translation>Chương trình / chuyên đề</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Chuyên mục</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Từ khóa</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Speaker / author</source>
        <translation>Người đọc / tác giả</translation>
    </message>
    <message>
        <source>Recorded on</source>
        <translation>Ngày ghi âm</translation>
    </message>
    <message>
        <source>Rights</source>
        <translation>Bản quyền</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>Thời hạn lưu trữ</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message numerus="yes">
        <source>%n items selected: changed fields apply to all.</source>
        <translation>
            <numerusform>Đã chọn %n mục: các trường được sửa sẽ áp dụng cho tất cả.</numerusform>
        </translation>
    </message>
    <message>
        <source>This bulletin belongs to the province: it is shown here but can only be changed by the province.</source>
        <translation>Bản tin này thuộc về tỉnh: chỉ được xem ở đây, chỉ tỉnh mới có thể sửa.</translation>
    </message>
    <message>
        <source>Relay · from “%1”, published %2</source>
        <translation>Tiếp sóng · từ “%1”, phát hành %2</translation>
    </message>
    <message>
        <source>Relay · from “%1”</source>
        <translation>Tiếp sóng · từ “%1”</translation>
    </message>
    <message>
        <source>This relay item comes from the province&apos;s feed: it is shown here but can only be changed by the province.</source>
        <translation>Mục tiếp sóng này đến từ nguồn của tỉnh: được hiển thị ở đây nhưng chỉ tỉnh mới sửa được.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <source>Nothing to save: no field was changed.</source>
        <translation>Không có gì để lưu: chưa thay đổi trường nào.</translation>
    </message>
</context>
<context>
    <name>ItemFinder</name>
    <message>
        <source>Find an item to edit (title, words)…</source>
        <translation>Tìm mục cần biên tập (tiêu đề, từ ngữ)…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
</context>
<context>
    <name>ItemPicker</name>
    <message>
        <source>Add items to the session</source>
        <translation>Thêm mục vào buổi phát</translation>
    </message>
    <message>
        <source>Filter by title or category</source>
        <translation>Lọc theo tiêu đề hoặc chuyên mục</translation>
    </message>
    <message>
        <source>Loading the library…</source>
        <translation>Đang tải thư viện…</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>This section has no search.</source>
        <translation>Mục này không có ô tìm kiếm.</translation>
    </message>
</context>
<context>
    <name>LevelMeterWidget</name>
    <message>
        <source>CLIP</source>
        <translation>CLIP</translation>
    </message>
    <message>
        <source>Peak hold: —</source>
        <translation>Giữ đỉnh: —</translation>
    </message>
    <message>
        <source>RMS: —</source>
        <translation>RMS: —</translation>
    </message>
    <message>
        <source>M: —</source>
        <translation>M: —</translation>
    </message>
    <message>
        <source>S: —</source>
        <translation>S: —</translation>
    </message>
    <message>
        <source>A sample reached full scale: lower the input level</source>
        <translation>Tín hiệu đã chạm mức tối đa (cắt đỉnh): hãy giảm mức đầu vào</translation>
    </message>
    <message>
        <source>Peak hold: %1</source>
        <translation>Giữ đỉnh: %1</translation>
    </message>
    <message>
        <source>RMS: %1</source>
        <translation>RMS: %1</translation>
    </message>
    <message>
        <source>M: %1</source>
        <translation>M: %1</translation>
    </message>
    <message>
        <source>S: %1</source>
        <translation>S: %1</translation>
    </message>
</context>
<context>
    <name>LibraryActions</name>
    <message>
        <source>Play</source>
        <translation>Phát</translation>
    </message>
    <message>
        <source>Edit details</source>
        <translation>Sửa thông tin</translation>
    </message>
    <message>
        <source>Open in the editor</source>
        <translation>Mở trong trình biên tập</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <source>Delete (to the bin)…</source>
        <translation>Xóa (vào thùng rác)…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message numerus="yes">
        <source>Move %n item(s) to the bin? They leave every search and list, and can be restored from the bin until it is emptied.</source>
        <translation>
            <numerusform>Chuyển %n mục vào thùng rác? Các mục này sẽ không còn trong tìm kiếm và danh sách, và có thể khôi phục từ thùng rác cho đến khi thùng rác được dọn sạch.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) moved to the bin.</source>
        <translation>
            <numerusform>Đã chuyển %n mục vào thùng rác.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryList</name>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Thời lượng</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Chuyên mục</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Ngày thêm</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thêm</translation>
    </message>
    <message>
        <source>Station service</source>
        <translation>Dịch vụ của đài</translation>
    </message>
    <message>
        <source>Command line (%1)</source>
        <translation>Dòng lệnh (%1)</translation>
    </message>
    <message>
        <source>%1 · Relay from “%2”</source>
        <translation>%1 · Tiếp sóng từ “%2”</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Library</source>
        <translation>Thư viện</translation>
    </message>
    <message>
        <source>Search (with or without diacritics)…</source>
        <translation>Tìm kiếm (có hoặc không dấu)…</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Tất cả các loại</translation>
    </message>
    <message>
        <source>Aired or not</source>
        <translation>Đã phát hay chưa</translation>
    </message>
    <message>
        <source>Aired</source>
        <translation>Đã phát</translation>
    </message>
    <message>
        <source>Never aired</source>
        <translation>Chưa phát</translation>
    </message>
    <message>
        <source>Best match</source>
        <translation>Phù hợp nhất</translation>
    </message>
    <message>
        <source>Newest</source>
        <translation>Mới nhất</translation>
    </message>
    <message>
        <source>Oldest</source>
        <translation>Cũ nhất</translation>
    </message>
    <message>
        <source>Title A–Z</source>
        <translation>Tiêu đề A–Z</translation>
    </message>
    <message>
        <source>Shortest</source>
        <translation>Ngắn nhất</translation>
    </message>
    <message>
        <source>Longest</source>
        <translation>Dài nhất</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>Nhập tệp…</translation>
    </message>
    <message>
        <source>Save search…</source>
        <translation>Lưu tìm kiếm…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <source>Check the store</source>
        <translation>Kiểm tra kho</translation>
    </message>
    <message>
        <source>Purge…</source>
        <translation>Dọn kho…</translation>
    </message>
    <message>
        <source>Open in the editor</source>
        <translation>Mở trong trình biên tập</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Xóa…</translation>
    </message>
    <message>
        <source>Move the selected items to the bin (Delete)</source>
        <translation>Chuyển các mục đã chọn vào thùng rác (Delete)</translation>
    </message>
    <message>
        <source>Recycle bin</source>
        <translation>Thùng rác</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Thông tin</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Tất cả chuyên mục</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n mục</numerusform>
        </translation>
    </message>
    <message>
        <source>No items found for “%1”.</source>
        <translation>Không tìm thấy mục nào cho “%1”.</translation>
    </message>
    <message>
        <source>No items match these filters.</source>
        <translation>Không có mục nào khớp với các bộ lọc này.</translation>
    </message>
    <message>
        <source>Try fewer words, or clear the filters.</source>
        <translation>Hãy thử bớt từ, hoặc bỏ các bộ lọc.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <source>Saved searches</source>
        <translation>Tìm kiếm đã lưu</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>Lưu tìm kiếm</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Select the items to export first.</source>
        <translation>Hãy chọn các mục cần xuất trước.</translation>
    </message>
    <message>
        <source>Export the selected items</source>
        <translation>Xuất các mục đã chọn</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Tệp zip (*.zip)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) exported to %1</source>
        <translation>
            <numerusform>Đã xuất %n mục vào %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>Dọn kho</translation>
    </message>
    <message>
        <source>Nothing is past its retention period.</source>
        <translation>Không có mục nào quá thời hạn lưu trữ.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) are past their retention period and may be deleted (%1 MB freed):</source>
        <translation>
            <numerusform>%n mục đã quá thời hạn lưu trữ và có thể xóa (giải phóng %1 MB):</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleting…</source>
        <translation>Đang xóa…</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) deleted</source>
        <translation>
            <numerusform>Đã xóa %n mục</numerusform>
        </translation>
    </message>
    <message>
        <source>Import into the library</source>
        <translation>Nhập vào thư viện</translation>
    </message>
    <message>
        <source>Media and bulletins (*.wav *.bwf *.mp3 *.m4a *.aac *.flac *.ogg *.opus *.wma *.mp4 *.mov *.mkv *.jpg *.jpeg *.png *.webp *.txt);;All files (*)</source>
        <translation>Âm thanh, video, hình ảnh và bản tin (*.wav *.bwf *.mp3 *.m4a *.aac *.flac *.ogg *.opus *.wma *.mp4 *.mov *.mkv *.jpg *.jpeg *.png *.webp *.txt);;Tất cả các tệp (*)</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Đang nhập…</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) imported</source>
        <translation>
            <numerusform>Đã nhập %n tệp</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the library</source>
        <translation>
            <numerusform>%n tệp đã có trong thư viện</numerusform>
        </translation>
    </message>
    <message>
        <source>Some files were not imported</source>
        <translation>Một số tệp chưa được nhập</translation>
    </message>
    <message>
        <source>These files were refused:</source>
        <translation>Các tệp sau bị từ chối:</translation>
    </message>
    <message>
        <source>Checking every file in the store…</source>
        <translation>Đang kiểm tra từng tệp trong kho…</translation>
    </message>
    <message>
        <source>Store check</source>
        <translation>Kiểm tra kho</translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) are intact.</source>
        <translation>
            <numerusform>Tất cả %n tệp đều nguyên vẹn.</numerusform>
        </translation>
    </message>
    <message>
        <source>Problems found:</source>
        <translation>Phát hiện vấn đề:</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Library</source>
        <translation>Thư viện</translation>
    </message>
    <message>
        <source>Search the library (accents optional)</source>
        <translation>Tìm trong thư viện (gõ không dấu cũng được)</translation>
    </message>
    <message>
        <source>Drag items onto a session or a rundown row; double-click adds them where the selection is</source>
        <translation>Kéo mục thả vào buổi phát hoặc vào hàng của chương trình; nhấp đúp để thêm vào chỗ đang chọn</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Đang tìm…</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Không tìm thấy mục nào.</translation>
    </message>
    <message>
        <source>The library is empty.</source>
        <translation>Thư viện chưa có mục nào.</translation>
    </message>
    <message numerus="yes">
        <source>The first %n item(s): type more to narrow</source>
        <translation>
            <numerusform>%n mục đầu tiên: gõ thêm để thu hẹp</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n mục</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Too many failed attempts.</source>
        <translation>Đăng nhập sai quá nhiều lần.</translation>
    </message>
    <message numerus="yes">
        <source>Try again in %n second(s).</source>
        <translation>
            <numerusform>Thử lại sau %n giây.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Đài</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Trợ giúp</translation>
    </message>
    <message>
        <source>About Station</source>
        <translation>Giới thiệu Station</translation>
    </message>
    <message>
        <source>The damaged file will be kept aside, never overwritten.</source>
        <translation>Tệp bị hỏng sẽ được giữ lại riêng, không bao giờ bị ghi đè.</translation>
    </message>
    <message>
        <source>No backup is available.</source>
        <translation>Không có bản sao lưu nào.</translation>
    </message>
    <message>
        <source>Making the demo library…</source>
        <translation>Đang tạo thư viện mẫu…</translation>
    </message>
    <message>
        <source>○ Service not running</source>
        <translation>○ Dịch vụ không chạy</translation>
    </message>
    <message>
        <source>Nothing goes on air and no scheduled recording is made until the station service runs (On air › Start the service)</source>
        <translation>Không có gì được phát và không có bản thu theo lịch nào cho đến khi dịch vụ trạm chạy (Phát sóng › Khởi động dịch vụ)</translation>
    </message>
    <message>
        <source>● Service running</source>
        <translation>● Dịch vụ đang chạy</translation>
    </message>
    <message>
        <source>on air: {0}</source>
        <translation>đang phát: {0}</translation>
    </message>
    <message>
        <source>Playout, scheduled recordings and sync run in the station service (process {0})</source>
        <translation>Phát sóng, thu theo lịch và đồng bộ chạy trong dịch vụ trạm (tiến trình {0})</translation>
    </message>
    <message>
        <source>• a recording in the Studio: it is stopped now and saved in the library</source>
        <translation>• một bản thu ở Phòng thu: sẽ dừng ngay và được lưu vào thư viện</translation>
    </message>
    <message>
        <source>• {0} (not finished)</source>
        <translation>• {0} (chưa xong)</translation>
    </message>
    <message>
        <source>Playout, scheduled recordings and sync go on in the station service.</source>
        <translation>Phát sóng, thu theo lịch và đồng bộ vẫn tiếp tục trong dịch vụ trạm.</translation>
    </message>
    <message>
        <source>No station service is running: nothing goes on air by the schedule until it is started.</source>
        <translation>Dịch vụ trạm không chạy: không có gì được phát theo lịch cho đến khi dịch vụ được khởi động.</translation>
    </message>
    <message>
        <source>Still running:</source>
        <translation>Đang chạy:</translation>
    </message>
    <message>
        <source>Log out?</source>
        <translation>Đăng xuất?</translation>
    </message>
    <message>
        <source>Change the language? The sections are rebuilt.</source>
        <translation>Đổi ngôn ngữ? Các mục sẽ được dựng lại.</translation>
    </message>
    <message>
        <source>Station %1 — radio station suite for commune loudspeaker networks.</source>
        <translation>Station %1 — bộ phần mềm đài truyền thanh cho hệ thống loa truyền thanh cơ sở.</translation>
    </message>
    <message>
        <source>Quit Station?</source>
        <translation>Thoát Station?</translation>
    </message>
</context>
<context>
    <name>OnAirPage</name>
    <message>
        <source>On air</source>
        <translation>Phát sóng</translation>
    </message>
    <message>
        <source>Start the service</source>
        <translation>Khởi động dịch vụ</translation>
    </message>
    <message>
        <source>Start the station service now; to have it start with the computer, run “station service install” once</source>
        <translation>Khởi động dịch vụ trạm ngay; để dịch vụ tự chạy cùng máy tính, chạy “station service install” một lần</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Đã dừng</translation>
    </message>
    <message>
        <source>Alarm seen</source>
        <translation>Đã xem báo động</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Bỏ qua</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Tạm giữ</translation>
    </message>
    <message>
        <source>Insert now</source>
        <translation>Chèn ngay</translation>
    </message>
    <message>
        <source>Play this approved item now, over the schedule; it is logged as an addition</source>
        <translation>Phát ngay mục đã duyệt này, chen ngang lịch phát sóng; mục được ghi nhật ký là phát bổ sung</translation>
    </message>
    <message>
        <source>Approved item:</source>
        <translation>Mục đã duyệt:</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Kế tiếp</translation>
    </message>
    <message>
        <source>Next item in {0}: {1}</source>
        <translation>Mục tiếp theo sau {0}: {1}</translation>
    </message>
    <message>
        <source>next session in {0} ({1})</source>
        <translation>buổi phát tiếp theo sau {0} ({1})</translation>
    </message>
    <message>
        <source>Nothing more is planned</source>
        <translation>Không còn nội dung nào theo lịch</translation>
    </message>
    <message>
        <source>The station service is not running: nothing goes on air by the schedule and no scheduled recording is made.</source>
        <translation>Dịch vụ trạm không chạy: không có gì được phát theo lịch và không có bản thu theo lịch nào được thực hiện.</translation>
    </message>
    <message>
        <source>The station service is running (process {0}).</source>
        <translation>Dịch vụ trạm đang chạy (tiến trình {0}).</translation>
    </message>
    <message>
        <source>Playout was stopped by an operator: press Start to go back on air.</source>
        <translation>Phát sóng đã bị một người vận hành dừng: bấm Bắt đầu để phát lại.</translation>
    </message>
    <message>
        <source>The service is version {0}, this window {1}: restart the service.</source>
        <translation>Dịch vụ là phiên bản {0}, cửa sổ này {1}: hãy khởi động lại dịch vụ.</translation>
    </message>
    <message>
        <source>Playout</source>
        <translation>Phát sóng</translation>
    </message>
    <message>
        <source>Scheduled recording</source>
        <translation>Thu theo lịch</translation>
    </message>
    <message>
        <source>Watched folders</source>
        <translation>Thư mục theo dõi</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <source>⚠ {0} keeps failing: {1}</source>
        <translation>⚠ {0} liên tục lỗi: {1}</translation>
    </message>
    <message>
        <source>⚠ A scheduled recording failed: {0}</source>
        <translation>⚠ Một bản thu theo lịch bị lỗi: {0}</translation>
    </message>
    <message>
        <source>● Recording “{0}” ({1})</source>
        <translation>● Đang thu “{0}” ({1})</translation>
    </message>
    <message>
        <source>Session {0}</source>
        <translation>Buổi phát {0}</translation>
    </message>
    <message>
        <source>No session on air</source>
        <translation>Không có buổi phát nào đang phát sóng</translation>
    </message>
    <message>
        <source>EMERGENCY</source>
        <translation>KHẨN CẤP</translation>
    </message>
    <message>
        <source>added</source>
        <translation>phát bổ sung</translation>
    </message>
    <message>
        <source>filler</source>
        <translation>dự phòng</translation>
    </message>
    <message>
        <source>elapsed {0} · remaining {1}</source>
        <translation>đã phát {0} · còn lại {1}</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>Khoảng lặng</translation>
    </message>
    <message>
        <source>Dead air</source>
        <translation>Mất tiếng trên sóng</translation>
    </message>
    <message>
        <source>Stream failed</source>
        <translation>Mất luồng phát</translation>
    </message>
    <message>
        <source>Item cannot play</source>
        <translation>Không phát được mục</translation>
    </message>
    <message>
        <source>Emergency bulletin</source>
        <translation>Bản tin khẩn cấp</translation>
    </message>
    <message>
        <source>ALARM: {0}: {1}</source>
        <translation>BÁO ĐỘNG: {0}: {1}</translation>
    </message>
    <message>
        <source>The alarm cannot sound: {0}</source>
        <translation>Không phát được chuông báo động: {0}</translation>
    </message>
    <message>
        <source>(the filler “{0}” plays)</source>
        <translation>(đang phát nội dung dự phòng “{0}”)</translation>
    </message>
    <message>
        <source>(now playing: “{0}”)</source>
        <translation>(đang phát: “{0}”)</translation>
    </message>
    <message>
        <source>(no filler is set: silence on air; choose one in Settings › On air)</source>
        <translation>(chưa đặt nội dung dự phòng: trên sóng đang im lặng; hãy chọn trong Cài đặt › Phát sóng)</translation>
    </message>
    <message>
        <source>(silence on air)</source>
        <translation>(trên sóng đang im lặng)</translation>
    </message>
    <message>
        <source>The station service is not running. Start it now? It plays the approved schedule, makes the scheduled recordings and syncs, and goes on when this window is closed or you log out.</source>
        <translation>Dịch vụ trạm không chạy. Khởi động ngay? Dịch vụ phát lịch đã duyệt, thu theo lịch và đồng bộ, và vẫn chạy khi cửa sổ này đóng hoặc bạn đăng xuất.</translation>
    </message>
    <message>
        <source>Starting the station service…</source>
        <translation>Đang khởi động dịch vụ trạm…</translation>
    </message>
    <message>
        <source>Stop playout? The loudspeakers stay silent, also after a restart, until someone presses Start.</source>
        <translation>Dừng phát sóng? Loa sẽ im lặng, kể cả sau khi khởi động lại, cho đến khi có người bấm Bắt đầu.</translation>
    </message>
</context>
<context>
    <name>OpeningPanel</name>
    <message>
        <source>Opening the station…</source>
        <translation>Đang mở đài…</translation>
    </message>
</context>
<context>
    <name>PasswordPair</name>
    <message numerus="yes">
        <source>at least %n characters</source>
        <translation>
            <numerusform>ít nhất %n ký tự</numerusform>
        </translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message numerus="yes">
        <source>The password must have at least %n characters.</source>
        <translation>
            <numerusform>Mật khẩu phải có ít nhất %n ký tự.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu khác nhau.</translation>
    </message>
</context>
<context>
    <name>PlayoutSettingsBox</name>
    <message>
        <source>On air</source>
        <translation>Phát sóng</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Đầu ra</translation>
    </message>
    <message>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <source>Dead air after</source>
        <translation>Báo mất tiếng sau</translation>
    </message>
    <message>
        <source>search the library</source>
        <translation>tìm trong thư viện</translation>
    </message>
    <message>
        <source>Filler item</source>
        <translation>Mục phát dự phòng</translation>
    </message>
    <message>
        <source>Sound the alarm</source>
        <translation>Phát chuông báo động</translation>
    </message>
    <message>
        <source>The alarm never sounds on the on-air output</source>
        <translation>Chuông báo động không bao giờ phát ra đầu ra đang phát sóng</translation>
    </message>
    <message>
        <source>Alarm output</source>
        <translation>Đầu ra chuông báo động</translation>
    </message>
    <message>
        <source>Voice for text bulletins</source>
        <translation>Giọng đọc cho bản tin văn bản</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
    <message>
        <source>No audible alarm</source>
        <translation>Không phát chuông báo động</translation>
    </message>
    <message>
        <source>System default output</source>
        <translation>Đầu ra mặc định của hệ thống</translation>
    </message>
    <message>
        <source>%1 (not found)</source>
        <translation>%1 (không tìm thấy)</translation>
    </message>
    <message>
        <source>Saved. Playout uses these at its next start.</source>
        <translation>Đã lưu. Hệ thống phát sóng sẽ dùng các cài đặt này từ lần khởi động tới.</translation>
    </message>
</context>
<context>
    <name>PreviewPanel</name>
    <message>
        <source>Play</source>
        <translation>Phát</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Âm lượng</translation>
    </message>
    <message>
        <source>Preview volume (not the air level)</source>
        <translation>Âm lượng nghe thử (không phải mức phát sóng)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
</context>
<context>
    <name>ProblemPanel</name>
    <message>
        <source>The station cannot be opened</source>
        <translation>Không mở được đài</translation>
    </message>
    <message>
        <source>Restore the last backup</source>
        <translation>Khôi phục bản sao lưu gần nhất</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
</context>
<context>
    <name>ProgrammeList</name>
    <message>
        <source>New from template</source>
        <translation>Tạo mới theo mẫu</translation>
    </message>
    <message>
        <source>New empty programme</source>
        <translation>Tạo chương trình trống</translation>
    </message>
    <message>
        <source>Delete programme</source>
        <translation>Xóa chương trình</translation>
    </message>
</context>
<context>
    <name>RecordPanel</name>
    <message>
        <source>Mono</source>
        <translation>Mono</translation>
    </message>
    <message>
        <source>Stereo</source>
        <translation>Stereo</translation>
    </message>
    <message>
        <source>Title (default: date and time)</source>
        <translation>Tiêu đề (mặc định: ngày giờ thu)</translation>
    </message>
    <message>
        <source>Listen while recording</source>
        <translation>Nghe kiểm tra khi thu</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Đầu vào</translation>
    </message>
    <message>
        <source>Sample rate</source>
        <translation>Tần số lấy mẫu</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Số kênh</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Chuyên mục</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Thu âm</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Marker (M)</source>
        <translation>Đánh dấu (M)</translation>
    </message>
    <message>
        <source>Refresh inputs</source>
        <translation>Làm mới danh sách đầu vào</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Edit the take</source>
        <translation>Biên tập bản thu</translation>
    </message>
    <message>
        <source>Open the chosen take in the editor</source>
        <translation>Mở bản thu đã chọn trong trình biên tập</translation>
    </message>
    <message>
        <source>The input&apos;s level: set it before recording</source>
        <translation>Mức tín hiệu đầu vào: hãy chỉnh trước khi thu</translation>
    </message>
    <message>
        <source> (default)</source>
        <translation> (mặc định)</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>đang thu</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>đã xong</translation>
    </message>
    <message>
        <source>recovered</source>
        <translation>đã khôi phục</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <source>%1: %2 saved</source>
        <translation>%1: đã lưu %2</translation>
    </message>
    <message>
        <source>The last session ended before these recordings were finished. They were recovered into the library:</source>
        <translation>Lần chạy trước của ứng dụng đã kết thúc khi các bản thu này chưa xong. Chúng đã được khôi phục vào thư viện:</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Thu âm</translation>
    </message>
    <message>
        <source>Recording from %1</source>
        <translation>Đang thu từ %1</translation>
    </message>
    <message>
        <source>Marker at %1</source>
        <translation>Điểm đánh dấu tại %1</translation>
    </message>
    <message>
        <source>Elapsed %1</source>
        <translation>Đã thu %1</translation>
    </message>
    <message>
        <source>Disk space for %1 more</source>
        <translation>Ổ đĩa còn đủ chỗ thu thêm %1</translation>
    </message>
    <message>
        <source>Saved %1 in the library</source>
        <translation>Đã lưu bản thu dài %1 vào thư viện</translation>
    </message>
</context>
<context>
    <name>RefusedRows</name>
    <message>
        <source>The file was not imported</source>
        <translation>Tệp chưa được nhập</translation>
    </message>
    <message>
        <source>Not in the library: %1</source>
        <translation>Không có trong thư viện: %1</translation>
    </message>
</context>
<context>
    <name>RelaySettingsBox</name>
    <message>
        <source>Relay feeds</source>
        <translation>Nguồn tiếp sóng</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>An episode larger than this is refused, whatever its feed declares; the bytes received are counted.</source>
        <translation>Kỳ nào lớn hơn mức này bị từ chối, dù nguồn khai báo thế nào; hệ thống đếm số byte thực nhận.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Largest episode</source>
        <translation>Dung lượng tối đa mỗi kỳ</translation>
    </message>
    <message>
        <source>Saved; it applies from the next refresh.</source>
        <translation>Đã lưu; áp dụng từ lần làm mới sau.</translation>
    </message>
</context>
<context>
    <name>RelayTab</name>
    <message>
        <source>Programmes the station relays: the province&apos;s feeds come with every sync; outside feeds (RSS, Atom, podcasts) are read on demand and by the station service. New episodes are downloaded and put in the library.</source>
        <translation>Các chương trình đài tiếp sóng: nguồn của tỉnh đến cùng mỗi lần đồng bộ; nguồn bên ngoài (RSS, Atom, podcast) được đọc khi bấm làm mới và do dịch vụ của đài tự đọc. Các kỳ mới được tải về và đưa vào thư viện.</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ</translation>
    </message>
    <message>
        <source>Last refresh</source>
        <translation>Làm mới lần cuối</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Episodes</source>
        <translation>Số kỳ</translation>
    </message>
    <message>
        <source>Subscribe…</source>
        <translation>Đăng ký…</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>Làm mới ngay</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ bỏ</translation>
    </message>
    <message>
        <source>Episode</source>
        <translation>Kỳ phát</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Đã phát hành</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Tải về</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>Tỉnh</translation>
    </message>
    <message>
        <source>Subscribed</source>
        <translation>Đài đăng ký</translation>
    </message>
    <message>
        <source>never</source>
        <translation>chưa lần nào</translation>
    </message>
    <message>
        <source>Not read: %1</source>
        <translation>Không đọc được: %1</translation>
    </message>
    <message>
        <source>%1 added, %2 refused</source>
        <translation>thêm %1, từ chối %2</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Đã đọc</translation>
    </message>
    <message>
        <source>%1 (%2 downloaded)</source>
        <translation>%1 (đã tải %2)</translation>
    </message>
    <message>
        <source>No relay feed yet: subscribe to one, or sync to receive the province&apos;s.</source>
        <translation>Chưa có nguồn tiếp sóng nào: hãy đăng ký một nguồn, hoặc đồng bộ để nhận nguồn của tỉnh.</translation>
    </message>
    <message>
        <source>Episodes of “%1”</source>
        <translation>Các kỳ của “%1”</translation>
    </message>
    <message>
        <source>Downloaded, in the library</source>
        <translation>Đã tải, có trong thư viện</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Bị từ chối: %1</translation>
    </message>
    <message>
        <source>Partial: %1 % (resumes at the next refresh)</source>
        <translation>Tải dở: %1 % (tải tiếp ở lần làm mới sau)</translation>
    </message>
    <message>
        <source>Partial: %1 (resumes at the next refresh)</source>
        <translation>Tải dở: %1 (tải tiếp ở lần làm mới sau)</translation>
    </message>
    <message>
        <source>Waiting to download</source>
        <translation>Chờ tải về</translation>
    </message>
    <message>
        <source>This feed is the province&apos;s: it comes with sync and is read-only here.</source>
        <translation>Nguồn này của tỉnh: đến cùng đồng bộ, ở đây chỉ xem, không sửa hay bỏ được.</translation>
    </message>
    <message>
        <source>Only an administrator subscribes to or removes feeds.</source>
        <translation>Chỉ quản trị viên mới đăng ký hoặc bỏ nguồn.</translation>
    </message>
    <message>
        <source>Subscribed to “%1”. Refresh now to bring its episodes.</source>
        <translation>Đã đăng ký “%1”. Bấm Làm mới ngay để tải các kỳ về.</translation>
    </message>
    <message>
        <source>Reading the relay feeds…</source>
        <translation>Đang đọc các nguồn tiếp sóng…</translation>
    </message>
    <message>
        <source>Refresh cancelled. What came before stays in the library; a download that was cut resumes at the next refresh.</source>
        <translation>Đã hủy làm mới. Những gì đã tải trước đó vẫn ở trong thư viện; phần đang tải dở sẽ được tải tiếp ở lần làm mới sau.</translation>
    </message>
    <message>
        <source>No outside feed to read. The province&apos;s feeds come with sync.</source>
        <translation>Không có nguồn bên ngoài nào để đọc. Nguồn của tỉnh đến cùng đồng bộ.</translation>
    </message>
    <message>
        <source>%1: not read. %2</source>
        <translation>%1: không đọc được. %2</translation>
    </message>
    <message>
        <source>%1: %2 new, %3 added, %4 resumed, %5 refused.</source>
        <translation>%1: %2 kỳ mới, thêm %3, tải tiếp %4, từ chối %5.</translation>
    </message>
    <message>
        <source>Added: %1</source>
        <translation>Đã thêm: %1</translation>
    </message>
    <message>
        <source>Resumed after a cut: %1</source>
        <translation>Tải tiếp sau khi đứt: %1</translation>
    </message>
    <message>
        <source>Refused: %1 (%2)</source>
        <translation>Bị từ chối: %1 (%2)</translation>
    </message>
    <message>
        <source>Remove relay feed</source>
        <translation>Bỏ nguồn tiếp sóng</translation>
    </message>
    <message>
        <source>Stop taking “%1”? Its episodes already in the library stay there; downloads not finished are dropped.</source>
        <translation>Thôi nhận “%1”? Các kỳ đã có trong thư viện vẫn giữ nguyên; phần đang tải dở sẽ bị bỏ.</translation>
    </message>
    <message>
        <source>Removed “%1”.</source>
        <translation>Đã bỏ “%1”.</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <source>Schedule reports</source>
        <translation>Báo cáo lịch phát sóng</translation>
    </message>
    <message>
        <source>By week</source>
        <translation>Theo tuần</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>Theo tháng</translation>
    </message>
    <message>
        <source>Hours produced and aired</source>
        <translation>Số giờ sản xuất và phát sóng</translation>
    </message>
    <message>
        <source>Missed slots</source>
        <translation>Mục bị lỡ</translation>
    </message>
    <message>
        <source>Approval turnaround</source>
        <translation>Thời gian phê duyệt</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Xem</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>Lưu thành CSV…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Đang tính…</translation>
    </message>
    <message>
        <source>Period from</source>
        <translation>Kỳ từ ngày</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Chuyên mục</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Hours produced</source>
        <translation>Giờ sản xuất</translation>
    </message>
    <message>
        <source>Hours aired</source>
        <translation>Giờ phát sóng</translation>
    </message>
    <message>
        <source>Produced (h)</source>
        <translation>Sản xuất (giờ)</translation>
    </message>
    <message>
        <source>Aired (h)</source>
        <translation>Phát sóng (giờ)</translation>
    </message>
    <message>
        <source>%1: %2 h produced, %3 h aired.</source>
        <translation>%1: sản xuất %2 giờ, phát sóng %3 giờ.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Bản sửa</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n missed slot(s).</source>
        <translation>
            <numerusform>%1: %n mục bị lỡ.</numerusform>
        </translation>
    </message>
    <message>
        <source>Week from</source>
        <translation>Tuần từ ngày</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Gửi duyệt</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Quyết định lúc</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Quyết định</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Số giờ</translation>
    </message>
    <message>
        <source>Hours to decide</source>
        <translation>Số giờ đến khi quyết định</translation>
    </message>
    <message>
        <source>%1: no decision in these days.</source>
        <translation>%1: không có quyết định nào trong những ngày này.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n decision(s), %2 h on average.</source>
        <translation>
            <numerusform>%1: %n quyết định, trung bình %2 giờ.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the report as CSV</source>
        <translation>Lưu báo cáo thành CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Đã lưu vào %1.</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>Scheduled recording</source>
        <translation>Thu theo lịch</translation>
    </message>
    <message>
        <source>Input device</source>
        <translation>Thiết bị đầu vào</translation>
    </message>
    <message>
        <source>Stream address (Icecast, HLS)</source>
        <translation>Địa chỉ luồng phát (Icecast, HLS)</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Hằng ngày</translation>
    </message>
    <message>
        <source>Weekdays (Mon–Fri)</source>
        <translation>Ngày làm việc (T2–T6)</translation>
    </message>
    <message>
        <source>Every week</source>
        <translation>Hằng tuần</translation>
    </message>
    <message>
        <source>Once</source>
        <translation>Một lần</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Bật</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Lặp lại</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Start (station time)</source>
        <translation>Bắt đầu (giờ của đài)</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Chuyên mục</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Mô tả</translation>
    </message>
</context>
<context>
    <name>RulesPanel</name>
    <message>
        <source>Recordings that start by themselves, in the station service (or while the app is open): the provincial news, VOV for later relay. They land in the library with the rule&apos;s title, category and description.</source>
        <translation>Các bản thu tự bắt đầu trong dịch vụ của đài (hoặc khi ứng dụng đang mở): thời sự của tỉnh, chương trình VOV để tiếp sóng sau. Bản thu được lưu vào thư viện với tiêu đề, chuyên mục và mô tả của lịch thu.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Lặp lại</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Lần thu tới</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Hiện tại</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Lịch thu</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Dự kiến</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Bắt đầu lúc</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Thêm…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Record now</source>
        <translation>Thu ngay</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>Hằng ngày</translation>
    </message>
    <message>
        <source>Weekdays (Mon–Fri)</source>
        <translation>Ngày làm việc (T2–T6)</translation>
    </message>
    <message>
        <source>Once</source>
        <translation>Một lần</translation>
    </message>
    <message>
        <source>Every week</source>
        <translation>Hằng tuần</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>đã tắt</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>đang thu</translation>
    </message>
    <message>
        <source>done</source>
        <translation>hoàn tất</translation>
    </message>
    <message>
        <source>partial (gaps)</source>
        <translation>thiếu (bị gián đoạn)</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>bị lỡ</translation>
    </message>
    <message>
        <source>recording %1%</source>
        <translation>đang thu %1%</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <source>Recording: %1</source>
        <translation>Đang thu: %1</translation>
    </message>
</context>
<context>
    <name>RundownPanel</name>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Thời lượng dự kiến</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Mục</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Transition</source>
        <translation>Chuyển tiếp</translation>
    </message>
    <message>
        <source>Add items…</source>
        <translation>Thêm mục…</translation>
    </message>
    <message>
        <source>Set item…</source>
        <translation>Chọn mục…</translation>
    </message>
    <message>
        <source>Add TTS bulletin…</source>
        <translation>Thêm bản tin đọc tự động…</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Lên</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Xuống</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ bỏ</translation>
    </message>
    <message>
        <source>Remove the chosen segment (Delete)</source>
        <translation>Gỡ đoạn đang chọn (Delete)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation>Lưu làm mẫu…</translation>
    </message>
    <message>
        <source>Render</source>
        <translation>Kết xuất</translation>
    </message>
    <message>
        <source>Rendered: “%1”, %2, %3 LUFS</source>
        <translation>Đã kết xuất: “%1”, %2, %3 LUFS</translation>
    </message>
    <message>
        <source>(the rundown changed since: render again)</source>
        <translation>(kịch bản đã thay đổi từ đó: hãy kết xuất lại)</translation>
    </message>
    <message>
        <source>Not rendered yet.</source>
        <translation>Chưa kết xuất.</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>Tổng %1</translation>
    </message>
    <message>
        <source>over by %1</source>
        <translation>vượt %1</translation>
    </message>
    <message>
        <source>under by %1</source>
        <translation>thiếu %1</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>vừa khít</translation>
    </message>
    <message>
        <source>(estimated)</source>
        <translation>(ước tính)</translation>
    </message>
    <message>
        <source>Put “%1” back where it was (Ctrl+Z)</source>
        <translation>Đưa “%1” về lại chỗ cũ (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Không có gì để hoàn tác</translation>
    </message>
    <message>
        <source>New programme</source>
        <translation>Chương trình mới</translation>
    </message>
    <message>
        <source>Removed “%1”: Undo (Ctrl+Z) puts it back.</source>
        <translation>Đã gỡ “%1”: bấm Hoàn tác (Ctrl+Z) để đưa về lại.</translation>
    </message>
    <message>
        <source>Put back “%1”.</source>
        <translation>Đã đưa “%1” về lại.</translation>
    </message>
    <message>
        <source>Add items to the programme</source>
        <translation>Thêm mục vào chương trình</translation>
    </message>
    <message>
        <source>Choose the item for this segment</source>
        <translation>Chọn mục cho đoạn này</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>Lưu làm mẫu</translation>
    </message>
    <message>
        <source>Template name</source>
        <translation>Tên mẫu</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>Đang kết xuất…</translation>
    </message>
    <message>
        <source>Rendering the programme…</source>
        <translation>Đang kết xuất chương trình…</translation>
    </message>
    <message>
        <source>Render cancelled: nothing was saved.</source>
        <translation>Đã hủy kết xuất: chưa lưu gì.</translation>
    </message>
    <message>
        <source>Rendered into the library: %1 LUFS</source>
        <translation>Đã kết xuất vào thư viện: %1 LUFS</translation>
    </message>
</context>
<context>
    <name>SchedulePage</name>
    <message>
        <source>Broadcast schedule</source>
        <translation>Lịch phát sóng</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Thư viện</translation>
    </message>
    <message>
        <source>Show or hide the library beside the week, to drag items onto the sessions</source>
        <translation>Hiện hoặc ẩn thư viện bên cạnh lịch tuần để kéo mục vào các buổi phát</translation>
    </message>
</context>
<context>
    <name>ScheduleWords</name>
    <message>
        <source>Draft</source>
        <translation>Bản nháp</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Chờ duyệt</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Đã duyệt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị trả lại</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Đã phát hành</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Đã được thay thế</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Thường</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Ưu tiên</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>Khẩn cấp</translation>
    </message>
    <message>
        <source>newest</source>
        <translation>mới nhất</translation>
    </message>
    <message>
        <source>Relay: %1 · episode: %2</source>
        <translation>Tiếp sóng: %1 · số phát: %2</translation>
    </message>
    <message>
        <source>Live: %1</source>
        <translation>Trực tiếp: %1</translation>
    </message>
    <message>
        <source>estimated from its text</source>
        <translation>ước tính theo văn bản</translation>
    </message>
    <message>
        <source>length unknown</source>
        <translation>chưa rõ thời lượng</translation>
    </message>
    <message>
        <source>item deleted</source>
        <translation>mục đã bị xóa</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Over-runs by %1</source>
        <translation>Vượt quá %1</translation>
    </message>
    <message>
        <source>Under-runs: %1 left</source>
        <translation>Còn trống %1</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>Vừa khít</translation>
    </message>
    <message>
        <source>(estimated)</source>
        <translation>(ước tính)</translation>
    </message>
</context>
<context>
    <name>SealPanel</name>
    <message>
        <source>Verify seal</source>
        <translation>Kiểm tra niêm phong</translation>
    </message>
    <message>
        <source>%1, revision %2: sealed %3 by %4 on %5</source>
        <translation>%1, bản sửa %2: niêm phong %3, do %4 duyệt lúc %5</translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>Ý kiến: %1</translation>
    </message>
    <message>
        <source>%1, revision %2: %3 by %4 on %5: %6</source>
        <translation>%1, bản sửa %2: %3 bởi %4 lúc %5: %6</translation>
    </message>
    <message>
        <source>The seal holds: the schedule is as approved (audit entry %1).</source>
        <translation>Dấu niêm phong hợp lệ: lịch phát sóng đúng như khi được duyệt (mục nhật ký %1).</translation>
    </message>
    <message>
        <source>Signed by %1 with their key.</source>
        <translation>Được %1 ký bằng khóa của mình.</translation>
    </message>
    <message>
        <source>The seal does NOT hold: %1</source>
        <translation>Dấu niêm phong KHÔNG hợp lệ: %1</translation>
    </message>
</context>
<context>
    <name>SectionNav</name>
    <message>
        <source>Show the section names</source>
        <translation>Hiện tên các mục</translation>
    </message>
    <message>
        <source>Show only icons</source>
        <translation>Chỉ hiện biểu tượng</translation>
    </message>
</context>
<context>
    <name>SegmentBar</name>
    <message>
        <source>Jingle</source>
        <translation>Nhạc hiệu</translation>
    </message>
    <message>
        <source>Presenter link</source>
        <translation>Lời dẫn</translation>
    </message>
    <message>
        <source>News item</source>
        <translation>Tin bài</translation>
    </message>
    <message>
        <source>Interview</source>
        <translation>Phỏng vấn</translation>
    </message>
    <message>
        <source>Music bed</source>
        <translation>Nhạc nền</translation>
    </message>
    <message>
        <source>TTS bulletin</source>
        <translation>Bản tin đọc tự động</translation>
    </message>
    <message>
        <source>Relay item</source>
        <translation>Tiếp sóng</translation>
    </message>
    <message>
        <source>Straight after</source>
        <translation>Nối tiếp ngay</translation>
    </message>
    <message>
        <source>Crossfade</source>
        <translation>Chuyển tiếp chồng</translation>
    </message>
    <message>
        <source>Overlap</source>
        <translation>Gối đầu</translation>
    </message>
    <message>
        <source>under </source>
        <translation>làm nền cho </translation>
    </message>
    <message>
        <source>A music bed runs ducked under this many segments</source>
        <translation>Nhạc nền chạy hạ nhỏ bên dưới số đoạn kế tiếp này</translation>
    </message>
</context>
<context>
    <name>SegmentTable</name>
    <message>
        <source>(spoken at render)</source>
        <translation>(đọc khi kết xuất)</translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>(không tìm thấy)</translation>
    </message>
    <message>
        <source>(choose an item)</source>
        <translation>(hãy chọn một mục)</translation>
    </message>
    <message numerus="yes">
        <source>bed under %n segment(s)</source>
        <translation>
            <numerusform>nhạc nền cho %n đoạn</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionBox</name>
    <message>
        <source>Add item…</source>
        <translation>Thêm mục…</translation>
    </message>
    <message>
        <source>Add relay or live…</source>
        <translation>Thêm tiếp sóng hoặc trực tiếp…</translation>
    </message>
    <message>
        <source>Edit session…</source>
        <translation>Sửa buổi phát…</translation>
    </message>
    <message>
        <source>Remove session</source>
        <translation>Xóa buổi phát</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>The session&apos;s items add up to %1 of its %2: %3</source>
        <translation>Các mục của buổi phát dài %1 trên %2: %3</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <source>Edit session</source>
        <translation>Sửa buổi phát</translation>
    </message>
    <message>
        <source>Add a session</source>
        <translation>Thêm buổi phát</translation>
    </message>
    <message>
        <source>min</source>
        <translation>phút</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Starts at</source>
        <translation>Bắt đầu lúc</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>Máy trạm này</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>My password</source>
        <translation>Mật khẩu của tôi</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Mật khẩu hiện tại</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Mật khẩu mới</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>Đã đổi mật khẩu.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>Keys that work in Station:</source>
        <translation>Các phím dùng được trong Station:</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Phím</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>Tác dụng</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>Chuyển đến %1</translation>
    </message>
</context>
<context>
    <name>SlotEditor</name>
    <message>
        <source>Add session…</source>
        <translation>Thêm buổi phát…</translation>
    </message>
    <message>
        <source>Drag items from the library onto a session, or use + on a session.</source>
        <translation>Kéo mục từ thư viện thả vào buổi phát, hoặc bấm + trên buổi phát.</translation>
    </message>
    <message>
        <source>Add relay or live…</source>
        <translation>Thêm tiếp sóng hoặc trực tiếp…</translation>
    </message>
    <message>
        <source>Add a relay from a feed or a live stream to the chosen slot&apos;s session (or ⇄ on a session)</source>
        <translation>Thêm tiếp sóng từ một nguồn hoặc một luồng trực tiếp vào buổi phát của mục đang chọn (hoặc bấm ⇄ trên một buổi phát)</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Lên trên</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Xuống dưới</translation>
    </message>
    <message>
        <source>Priority bulletin</source>
        <translation>Tin ưu tiên</translation>
    </message>
    <message>
        <source>Thông tư 39/2020: a priority bulletin airs before the normal items of its session</source>
        <translation>Thông tư 39/2020: tin ưu tiên được phát trước các mục thường của buổi phát</translation>
    </message>
    <message>
        <source>Remove from session</source>
        <translation>Bỏ khỏi buổi phát</translation>
    </message>
    <message>
        <source>Remove the chosen slot (Delete)</source>
        <translation>Gỡ mục đang chọn khỏi buổi phát (Delete)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>Put “%1” back where it was (Ctrl+Z)</source>
        <translation>Đưa “%1” về lại chỗ cũ (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Không có gì để hoàn tác</translation>
    </message>
    <message>
        <source>Removed “%1”: Undo (Ctrl+Z) puts it back.</source>
        <translation>Đã gỡ “%1”: bấm Hoàn tác (Ctrl+Z) để đưa về lại.</translation>
    </message>
    <message>
        <source>The session of “%1” is gone: it cannot be put back.</source>
        <translation>Buổi phát của “%1” không còn nữa: không thể đưa mục về lại.</translation>
    </message>
    <message>
        <source>Choose a slot first (the items go after it), or drag the items onto a session.</source>
        <translation>Hãy chọn một mục trong buổi phát trước (các mục mới sẽ đứng sau nó), hoặc kéo các mục thả vào buổi phát.</translation>
    </message>
    <message>
        <source>The schedule cannot be changed now.</source>
        <translation>Hiện không thể sửa lịch phát.</translation>
    </message>
    <message>
        <source>Remove session</source>
        <translation>Xóa buổi phát</translation>
    </message>
    <message numerus="yes">
        <source>Remove the session of %1 and its %n slot(s)?</source>
        <translation>
            <numerusform>Xóa buổi phát lúc %1 cùng %n mục của nó?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StationBox</name>
    <message>
        <source>Station</source>
        <translation>Đài</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>Tên đài</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Múi giờ</translation>
    </message>
    <message>
        <source>Time there now</source>
        <translation>Giờ hiện tại ở múi giờ này</translation>
    </message>
    <message>
        <source>Schedules, On air, the library and the audit show times in this zone. Times already scheduled keep their moment.</source>
        <translation>Lịch phát sóng, Phát sóng, Thư viện và nhật ký hiển thị giờ theo múi giờ này. Các buổi đã lên lịch vẫn giữ nguyên thời điểm phát.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>not a known time zone</source>
        <translation>không phải múi giờ hợp lệ</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>Không có gì thay đổi.</translation>
    </message>
</context>
<context>
    <name>StreamSlotDialog</name>
    <message>
        <source>Add relay or live</source>
        <translation>Thêm tiếp sóng hoặc phát trực tiếp</translation>
    </message>
    <message>
        <source>Into the session: %1</source>
        <translation>Vào buổi phát: %1</translation>
    </message>
    <message>
        <source>Relay from a feed</source>
        <translation>Tiếp sóng từ một nguồn</translation>
    </message>
    <message>
        <source>Live stream</source>
        <translation>Phát trực tiếp</translation>
    </message>
    <message>
        <source>Loading the feeds…</source>
        <translation>Đang tải các nguồn tiếp sóng…</translation>
    </message>
    <message>
        <source>newest</source>
        <translation>mới nhất</translation>
    </message>
    <message>
        <source>newest · after HH:MM · within N h · title TEXT, joined with ;</source>
        <translation>mới nhất · sau HH:MM · trong N giờ · tiêu đề CHỮ, nối bằng ;</translation>
    </message>
    <message>
        <source>For example: after 17:00; title Thời sự — the newest episode published after 17:00 on the air day with “Thời sự” in its title</source>
        <translation>Ví dụ: sau 17:00; tiêu đề Thời sự — số mới nhất đăng sau 17:00 của ngày phát, có “Thời sự” trong tiêu đề</translation>
    </message>
    <message>
        <source>min</source>
        <translation>phút</translation>
    </message>
    <message>
        <source>s</source>
        <translation>giây</translation>
    </message>
    <message>
        <source>Shown in the schedule and the log</source>
        <translation>Hiện trong lịch phát và nhật ký</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Which episode</source>
        <translation>Số nào</translation>
    </message>
    <message>
        <source>Stream address</source>
        <translation>Địa chỉ luồng phát</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>%1 (province)</source>
        <translation>%1 (của tỉnh)</translation>
    </message>
    <message>
        <source>No relay feeds: subscribe to one on the Relay page</source>
        <translation>Chưa có nguồn tiếp sóng: hãy đăng ký một nguồn ở trang Tiếp sóng</translation>
    </message>
    <message>
        <source>Choose a feed.</source>
        <translation>Hãy chọn một nguồn.</translation>
    </message>
    <message>
        <source>Give the slot a length.</source>
        <translation>Hãy nhập thời lượng cho mục này.</translation>
    </message>
</context>
<context>
    <name>StudioPage</name>
    <message>
        <source>Studio</source>
        <translation>Phòng thu</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Thu âm</translation>
    </message>
    <message>
        <source>Scheduled recordings</source>
        <translation>Thu theo lịch</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Biên tập</translation>
    </message>
    <message>
        <source>Programmes</source>
        <translation>Chương trình</translation>
    </message>
    <message>
        <source>Text to speech</source>
        <translation>Chuyển văn bản thành giọng nói</translation>
    </message>
</context>
<context>
    <name>SubscribeDialog</name>
    <message>
        <source>Subscribe to a relay feed</source>
        <translation>Đăng ký nguồn tiếp sóng</translation>
    </message>
    <message>
        <source>the feed&apos;s own title</source>
        <translation>tiêu đề của nguồn</translation>
    </message>
    <message>
        <source> newest episodes</source>
        <translation> kỳ mới nhất</translation>
    </message>
    <message>
        <source>Subscribe</source>
        <translation>Đăng ký</translation>
    </message>
    <message>
        <source>Feed address (RSS or Atom)</source>
        <translation>Địa chỉ nguồn (RSS hoặc Atom)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Giữ</translation>
    </message>
    <message>
        <source>Enter the feed&apos;s address.</source>
        <translation>Hãy nhập địa chỉ của nguồn.</translation>
    </message>
    <message>
        <source>Subscribing…</source>
        <translation>Đang đăng ký…</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Sync</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>Đồng bộ với tỉnh</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>Tiếp sóng</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>No link for a long time? Carry it on a drive</source>
        <translation>Mất mạng lâu ngày? Chuyển dữ liệu bằng ổ USB</translation>
    </message>
    <message>
        <source>Export bundle to a folder…</source>
        <translation>Xuất gói ra thư mục…</translation>
    </message>
    <message>
        <source>Import bundle from a folder…</source>
        <translation>Nhập gói từ thư mục…</translation>
    </message>
    <message>
        <source>Provincial hub</source>
        <translation>Máy chủ của tỉnh</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>giữ nguyên</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Station token</source>
        <translation>Mã truy cập của đài</translation>
    </message>
    <message>
        <source>Waiting to go up: %1 change(s), %2 file(s) (%3).</source>
        <translation>Đang chờ gửi lên: %1 thay đổi, %2 tệp (%3).</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>còn khoảng %1</translation>
    </message>
    <message>
        <source>Uploading: %1 of %2, %3/s</source>
        <translation>Đang tải lên: %1 / %2, %3/giây</translation>
    </message>
    <message>
        <source>Downloading: %1 of %2, %3/s</source>
        <translation>Đang tải về: %1 / %2, %3/giây</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 giờ %2 phút</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 phút %2 giây</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 giây</translation>
    </message>
    <message>
        <source>Not connected: no provincial hub is configured yet. Everything works offline.</source>
        <translation>Chưa kết nối: chưa cấu hình máy chủ của tỉnh. Mọi chức năng vẫn hoạt động khi không có mạng.</translation>
    </message>
    <message>
        <source>Checking the link to %1…</source>
        <translation>Đang kiểm tra kết nối tới %1…</translation>
    </message>
    <message>
        <source>Online: %1</source>
        <translation>Đang kết nối: %1</translation>
    </message>
    <message>
        <source>Offline: the hub cannot be reached. Work goes on; sync resumes by itself when the link returns.</source>
        <translation>Mất kết nối: không liên lạc được với máy chủ. Công việc vẫn tiếp tục; đồng bộ sẽ tự chạy lại khi có mạng.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <source>Last run: %1 changes sent, %2 received, %3 file(s) uploaded, %4 downloaded; %5 waiting.</source>
        <translation>Lần gần nhất: gửi %1 thay đổi, nhận %2, tải lên %3 tệp, tải về %4; còn %5 đang chờ.</translation>
    </message>
    <message>
        <source>Last success: %1</source>
        <translation>Thành công gần nhất: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <source>Folder to write the bundle to</source>
        <translation>Thư mục để ghi gói</translation>
    </message>
    <message>
        <source>Folder holding the bundle from the province</source>
        <translation>Thư mục chứa gói do tỉnh gửi</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Đang ghi gói…</translation>
    </message>
    <message>
        <source>Reading the bundle…</source>
        <translation>Đang đọc gói…</translation>
    </message>
    <message>
        <source>Bundle written: %1 change(s), %2 file(s) (%3). Take it to the province.</source>
        <translation>Đã ghi gói: %1 thay đổi, %2 tệp (%3). Hãy mang gói lên tỉnh.</translation>
    </message>
    <message>
        <source>Bundle applied: %1 change(s), %2 file(s), %3 relay item(s) added to the library.</source>
        <translation>Đã áp dụng gói: %1 thay đổi, %2 tệp, %3 chương trình tiếp sóng được thêm vào thư viện.</translation>
    </message>
    <message>
        <source>Edits that clashed with another workstation</source>
        <translation>Các sửa đổi trùng với máy trạm khác</translation>
    </message>
    <message>
        <source>The same field was changed on two workstations. The later edit is in place; the other value is kept here. Pick which one stays.</source>
        <translation>Cùng một trường đã được sửa trên hai máy trạm. Bản sửa sau đang được dùng; giá trị kia được giữ ở đây. Hãy chọn giá trị nào được giữ lại.</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Mục</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Trường</translation>
    </message>
    <message>
        <source>Value now</source>
        <translation>Giá trị hiện tại</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Giá trị kia</translation>
    </message>
    <message>
        <source>Keep the value now</source>
        <translation>Giữ giá trị hiện tại</translation>
    </message>
    <message>
        <source>Use the other value</source>
        <translation>Dùng giá trị kia</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(trống)</translation>
    </message>
    <message>
        <source>Done: the other value goes to the hub at the next sync.</source>
        <translation>Xong: giá trị kia sẽ được gửi lên máy chủ ở lần đồng bộ tới.</translation>
    </message>
    <message>
        <source>Done: the value now stays.</source>
        <translation>Xong: giữ giá trị hiện tại.</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Giới hạn</translation>
    </message>
    <message>
        <source> kbit/s</source>
        <translation> kbit/giây</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>không giới hạn</translation>
    </message>
    <message>
        <source>any time, or e.g. 22:00-05:00, 12:00-13:00</source>
        <translation>bất kỳ lúc nào, hoặc ví dụ 22:00-05:00, 12:00-13:00</translation>
    </message>
    <message>
        <source>Save limits</source>
        <translation>Lưu giới hạn</translation>
    </message>
    <message>
        <source>Bandwidth cap</source>
        <translation>Giới hạn băng thông</translation>
    </message>
    <message>
        <source>Hours when media may go up</source>
        <translation>Giờ được phép tải tệp lên</translation>
    </message>
    <message>
        <source>Saved; the cap applies from the next sync.</source>
        <translation>Đã lưu; giới hạn áp dụng từ lần đồng bộ tới.</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Địa chỉ máy chủ</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Open an item to edit it</source>
        <translation>Hãy mở một mục để biên tập</translation>
    </message>
</context>
<context>
    <name>TtsPanel</name>
    <message>
        <source>Text-to-speech bulletin: type or paste the text, choose a voice, listen, and save the spoken bulletin to the library.</source>
        <translation>Bản tin đọc tự động: nhập hoặc dán văn bản, chọn giọng đọc, nghe thử rồi lưu bản tin đã đọc vào thư viện.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Giọng đọc</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tốc độ</translation>
    </message>
    <message>
        <source>Pitch</source>
        <translation>Cao độ</translation>
    </message>
    <message>
        <source>Bulletin text in Vietnamese</source>
        <translation>Nội dung bản tin bằng tiếng Việt</translation>
    </message>
    <message>
        <source>What the voice will read: numbers, dates, times, units and abbreviations as words</source>
        <translation>Văn bản sẽ được đọc: số, ngày tháng, giờ, đơn vị và chữ viết tắt đã chuyển thành chữ</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Nghe thử</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Save to the library</source>
        <translation>Lưu vào thư viện</translation>
    </message>
    <message>
        <source>Northern</source>
        <translation>Giọng miền Bắc</translation>
    </message>
    <message>
        <source>Central</source>
        <translation>Giọng miền Trung</translation>
    </message>
    <message>
        <source>Southern</source>
        <translation>Giọng miền Nam</translation>
    </message>
    <message>
        <source>The speech engine has no voice installed.</source>
        <translation>Bộ chuyển văn bản thành giọng nói chưa có giọng đọc nào được cài đặt.</translation>
    </message>
    <message>
        <source>Type the bulletin&apos;s text first.</source>
        <translation>Hãy nhập nội dung bản tin trước.</translation>
    </message>
    <message>
        <source>Speaking…</source>
        <translation>Đang đọc…</translation>
    </message>
    <message>
        <source>Speaking the bulletin…</source>
        <translation>Đang đọc bản tin…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Đã hủy.</translation>
    </message>
    <message>
        <source>Spoken length: %1 s</source>
        <translation>Thời lượng đọc: %1 giây</translation>
    </message>
    <message>
        <source>A bulletin needs a title and a text.</source>
        <translation>Bản tin cần có tiêu đề và nội dung.</translation>
    </message>
    <message>
        <source>Adding the bulletin to the library…</source>
        <translation>Đang thêm bản tin vào thư viện…</translation>
    </message>
    <message>
        <source>Added to the library: %1</source>
        <translation>Đã thêm vào thư viện: %1</translation>
    </message>
</context>
<context>
    <name>TtsSegmentDialog</name>
    <message>
        <source>Add a TTS bulletin</source>
        <translation>Thêm bản tin đọc tự động</translation>
    </message>
    <message>
        <source>Northern</source>
        <translation>Giọng miền Bắc</translation>
    </message>
    <message>
        <source>Central</source>
        <translation>Giọng miền Trung</translation>
    </message>
    <message>
        <source>Southern</source>
        <translation>Giọng miền Nam</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Văn bản</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Giọng đọc</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tốc độ</translation>
    </message>
    <message>
        <source>Pitch</source>
        <translation>Cao độ</translation>
    </message>
</context>
<context>
    <name>UsersBox</name>
    <message>
        <source>Users</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Họ tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Selected user</source>
        <translation>Người dùng đang chọn</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Lưu thay đổi</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Khóa tài khoản</translation>
    </message>
    <message>
        <source>A deactivated user cannot log in; their work and the audit keep their name</source>
        <translation>Người dùng bị khóa không đăng nhập được; công việc của họ và nhật ký vẫn giữ tên họ</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>Mật khẩu tạm</translation>
    </message>
    <message>
        <source>Set the temporary password</source>
        <translation>Đặt mật khẩu tạm</translation>
    </message>
    <message>
        <source>Tell the user; they change it in Settings › My password after logging in</source>
        <translation>Hãy báo cho người dùng; họ đổi lại trong Cài đặt › Mật khẩu của tôi sau khi đăng nhập</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>Người dùng mới</translation>
    </message>
    <message>
        <source>no spaces, e.g. bientap2</source>
        <translation>không có dấu cách, ví dụ bientap2</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Thêm người dùng</translation>
    </message>
    <message>
        <source>active</source>
        <translation>đang hoạt động</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>đã khóa</translation>
    </message>
    <message>
        <source>(choose a user in the table)</source>
        <translation>(chọn một người dùng trong bảng)</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Mở lại tài khoản</translation>
    </message>
    <message>
        <source>Changes to %1 saved.</source>
        <translation>Đã lưu thay đổi của %1.</translation>
    </message>
    <message>
        <source>%1 can log in again.</source>
        <translation>%1 đã có thể đăng nhập lại.</translation>
    </message>
    <message>
        <source>%1 is deactivated and can no longer log in.</source>
        <translation>Đã khóa %1: người này không còn đăng nhập được.</translation>
    </message>
    <message>
        <source>Temporary password set for %1. A new signing key was made for them: approvals they signed before still verify with the old one.</source>
        <translation>Đã đặt mật khẩu tạm cho %1. Một khóa ký mới đã được tạo cho người này: các phê duyệt đã ký trước đó vẫn được xác minh bằng khóa cũ.</translation>
    </message>
    <message>
        <source>User %1 added.</source>
        <translation>Đã thêm người dùng %1.</translation>
    </message>
</context>
<context>
    <name>WatchFoldersBox</name>
    <message>
        <source>Watched import folders</source>
        <translation>Thư mục nhập tự động</translation>
    </message>
    <message>
        <source>Files dropped into these folders are imported by themselves and moved to “Đã nhập”; refused ones go to “Lỗi” with the reason.</source>
        <translation>Tệp đặt vào các thư mục này được tự động nhập rồi chuyển sang “Đã nhập”; tệp bị từ chối được chuyển sang “Lỗi” kèm lý do.</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Thêm thư mục…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ bỏ</translation>
    </message>
    <message>
        <source>Category for new imports</source>
        <translation>Chuyên mục cho tệp mới nhập</translation>
    </message>
    <message>
        <source>Folder to watch</source>
        <translation>Thư mục cần theo dõi</translation>
    </message>
    <message>
        <source>Folder added.</source>
        <translation>Đã thêm thư mục.</translation>
    </message>
    <message>
        <source>Folder removed.</source>
        <translation>Đã gỡ thư mục.</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <source>No waveform</source>
        <translation>Không có dạng sóng</translation>
    </message>
</context>
<context>
    <name>WeekNavigation</name>
    <message>
        <source>Previous</source>
        <translation>Trước</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Sau</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Tuần này</translation>
    </message>
    <message>
        <source>Go to a day</source>
        <translation>Đến ngày</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Tuần</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Zoom: the whole week, three days or one day</source>
        <translation>Thu phóng: cả tuần, ba ngày hoặc một ngày</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Audio</source>
        <translation>Âm thanh</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Hình ảnh</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Văn bản</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Mục</translation>
    </message>
    <message>
        <source>Bulletin</source>
        <translation>Bản tin</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>Chương trình</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>Tiếp sóng</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Hệ thống</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>Tỉnh</translation>
    </message>
    <message>
        <source>System (recovered take)</source>
        <translation>Hệ thống (bản thu được khôi phục)</translation>
    </message>
    <message>
        <source>Scheduled recording</source>
        <translation>Thu theo lịch</translation>
    </message>
    <message>
        <source>Watched folder</source>
        <translation>Thư mục theo dõi</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Chuyên mục</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Từ khóa</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Keep until</source>
        <translation>Lưu giữ đến</translation>
    </message>
    <message>
        <source>First aired</source>
        <translation>Phát lần đầu</translation>
    </message>
    <message>
        <source>Last aired</source>
        <translation>Phát lần cuối</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Ưu tiên</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Ý kiến</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Ngày thêm</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Ngày sửa</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Ngày xóa</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>Tiếng Việt</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Tiếng Anh</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Tiếng Pháp</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Tiếng Trung</translation>
    </message>
    <message>
        <source>Khmer</source>
        <translation>Tiếng Khmer</translation>
    </message>
    <message>
        <source>Lao</source>
        <translation>Tiếng Lào</translation>
    </message>
</context>
<context>
    <name>Workflow</name>
    <message>
        <source>Submit for approval</source>
        <translation>Gửi duyệt</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Rút lại</translation>
    </message>
    <message>
        <source>Make a new revision</source>
        <translation>Tạo bản sửa mới</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Phát hành</translation>
    </message>
    <message>
        <source>Mark the approved schedule as sent to the commune stations</source>
        <translation>Đánh dấu lịch đã duyệt là đã gửi xuống các đài xã</translation>
    </message>
    <message>
        <source>There is no schedule for this week yet.</source>
        <translation>Tuần này chưa có lịch phát sóng.</translation>
    </message>
    <message>
        <source>Create the week</source>
        <translation>Tạo lịch tuần</translation>
    </message>
    <message>
        <source>Apply my change again</source>
        <translation>Áp dụng lại thay đổi của tôi</translation>
    </message>
    <message>
        <source>Drop my change</source>
        <translation>Bỏ thay đổi của tôi</translation>
    </message>
    <message>
        <source>With the default sessions</source>
        <translation>Với các buổi phát mặc định</translation>
    </message>
    <message>
        <source>Empty</source>
        <translation>Để trống</translation>
    </message>
    <message>
        <source>Copy of last week</source>
        <translation>Sao chép tuần trước</translation>
    </message>
    <message>
        <source>There is no schedule for last week.</source>
        <translation>Tuần trước chưa có lịch phát sóng.</translation>
    </message>
    <message>
        <source>From the template “%1”</source>
        <translation>Theo mẫu “%1”</translation>
    </message>
    <message>
        <source>revision %1</source>
        <translation>bản sửa %1</translation>
    </message>
    <message>
        <source>changes the approved revision %1</source>
        <translation>sửa đổi bản sửa %1 đã duyệt</translation>
    </message>
    <message>
        <source>submitted by %1 on %2</source>
        <translation>do %1 gửi lúc %2</translation>
    </message>
    <message>
        <source>rejected by %1 on %2: %3</source>
        <translation>bị %1 trả lại lúc %2: %3</translation>
    </message>
    <message>
        <source>approved by %1 on %2, seal %3</source>
        <translation>do %1 duyệt lúc %2, niêm phong %3</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>đã khóa</translation>
    </message>
    <message>
        <source>Fix the errors listed below first.</source>
        <translation>Hãy sửa các lỗi liệt kê bên dưới trước.</translation>
    </message>
    <message>
        <source>Sent to the chief for approval.</source>
        <translation>Đã gửi trưởng đài duyệt.</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s) went with it.</source>
        <translation>
            <numerusform>Kèm theo %n cảnh báo.</numerusform>
        </translation>
    </message>
    <message>
        <source>Revision %1 is a draft: change it, then submit it again.</source>
        <translation>Bản sửa %1 là bản nháp: hãy sửa rồi gửi duyệt lại.</translation>
    </message>
    <message>
        <source>Publish the schedule</source>
        <translation>Phát hành lịch phát sóng</translation>
    </message>
    <message>
        <source>Publish revision %1 of the schedule %2?</source>
        <translation>Phát hành bản sửa %1 của lịch phát sóng %2?</translation>
    </message>
    <message>
        <source>The commune stations receive it and air it as it is. It stays locked: a change needs a new revision, approved again.</source>
        <translation>Các đài xã sẽ nhận và phát đúng như lịch này. Lịch vẫn bị khóa: muốn thay đổi phải tạo bản sửa mới và được duyệt lại.</translation>
    </message>
    <message>
        <source>Published: the commune stations may air it.</source>
        <translation>Đã phát hành: các đài xã có thể phát lịch này.</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Your role does not give access to this section.</source>
        <translation>Vai trò của bạn không được truy cập mục này.</translation>
    </message>
</context>
<context>
    <name>archive</name>
    <message>
        <source>the file is missing</source>
        <translation>tệp bị mất</translation>
    </message>
    <message>
        <source>the file has {actual} bytes instead of {expected}</source>
        <translation>tệp có {actual} byte thay vì {expected}</translation>
    </message>
    <message>
        <source>the file&apos;s content no longer matches its SHA-256: it is damaged</source>
        <translation>nội dung tệp không còn khớp mã SHA-256: tệp đã bị hỏng</translation>
    </message>
    <message>
        <source>the file cannot be read: {reason}</source>
        <translation>không đọc được tệp: {reason}</translation>
    </message>
    <message>
        <source>temporary item from {date}, kept {days} days</source>
        <translation>mục tạm thời từ {date}, lưu {days} ngày</translation>
    </message>
    <message>
        <source>last aired on {date}, kept {months} months after the last airing</source>
        <translation>phát lần cuối ngày {date}, lưu {months} tháng sau lần phát cuối</translation>
    </message>
    <message>
        <source>never aired; imported on {date}, kept {months} months</source>
        <translation>chưa phát lần nào; nhập ngày {date}, lưu {months} tháng</translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <source>Access refused</source>
        <translation>Bị từ chối quyền truy cập</translation>
    </message>
    <message>
        <source>Expired items purged</source>
        <translation>Xoá các mục hết hạn lưu trữ</translation>
    </message>
    <message>
        <source>As-run log imported</source>
        <translation>Nhập nhật ký đã phát</translation>
    </message>
    <message>
        <source>Airing logged</source>
        <translation>Ghi nhận đã phát</translation>
    </message>
    <message>
        <source>Audit trail exported</source>
        <translation>Xuất nhật ký kiểm toán</translation>
    </message>
    <message>
        <source>Recycle bin emptied</source>
        <translation>Dọn sạch thùng rác</translation>
    </message>
    <message>
        <source>Database backed up</source>
        <translation>Sao lưu cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>Edit opened</source>
        <translation>Mở bản biên tập</translation>
    </message>
    <message>
        <source>Edit step</source>
        <translation>Thao tác biên tập</translation>
    </message>
    <message>
        <source>Edit undone</source>
        <translation>Hoàn tác biên tập</translation>
    </message>
    <message>
        <source>Edit redone</source>
        <translation>Làm lại biên tập</translation>
    </message>
    <message>
        <source>Catalogue imported</source>
        <translation>Nhập danh mục</translation>
    </message>
    <message>
        <source>Item created</source>
        <translation>Tạo mục mới</translation>
    </message>
    <message>
        <source>Item deleted</source>
        <translation>Xoá mục</translation>
    </message>
    <message>
        <source>Item details changed</source>
        <translation>Sửa thông tin mục</translation>
    </message>
    <message>
        <source>Item imported</source>
        <translation>Nhập mục vào thư viện</translation>
    </message>
    <message>
        <source>Import refused</source>
        <translation>Từ chối nhập</translation>
    </message>
    <message>
        <source>Legal hold changed</source>
        <translation>Thay đổi lưu giữ pháp lý</translation>
    </message>
    <message>
        <source>Retention changed</source>
        <translation>Thay đổi thời hạn lưu trữ</translation>
    </message>
    <message>
        <source>Item restored</source>
        <translation>Khôi phục mục</translation>
    </message>
    <message>
        <source>Library exported</source>
        <translation>Xuất thư viện</translation>
    </message>
    <message>
        <source>On-air alarm</source>
        <translation>Cảnh báo phát sóng</translation>
    </message>
    <message>
        <source>Playout held</source>
        <translation>Tạm giữ phát sóng</translation>
    </message>
    <message>
        <source>Inserted on air</source>
        <translation>Chèn phát ngay</translation>
    </message>
    <message>
        <source>Playout recovered</source>
        <translation>Khôi phục phát sóng</translation>
    </message>
    <message>
        <source>Playout released</source>
        <translation>Tiếp tục phát sóng</translation>
    </message>
    <message>
        <source>Skipped on air</source>
        <translation>Bỏ qua khi phát</translation>
    </message>
    <message>
        <source>Playout started</source>
        <translation>Bắt đầu phát sóng</translation>
    </message>
    <message>
        <source>Playout stopped</source>
        <translation>Dừng phát sóng</translation>
    </message>
    <message>
        <source>Programme created</source>
        <translation>Tạo chương trình</translation>
    </message>
    <message>
        <source>Programme deleted</source>
        <translation>Xoá chương trình</translation>
    </message>
    <message>
        <source>Programme edited</source>
        <translation>Sửa chương trình</translation>
    </message>
    <message>
        <source>Programme rendered</source>
        <translation>Dựng chương trình</translation>
    </message>
    <message>
        <source>Programme template saved</source>
        <translation>Lưu mẫu chương trình</translation>
    </message>
    <message>
        <source>Scheduled recording added</source>
        <translation>Thêm lịch thu</translation>
    </message>
    <message>
        <source>Scheduled recording deleted</source>
        <translation>Xoá lịch thu</translation>
    </message>
    <message>
        <source>Scheduled recording ended</source>
        <translation>Kết thúc thu theo lịch</translation>
    </message>
    <message>
        <source>Scheduled recording missed</source>
        <translation>Lỡ thu theo lịch</translation>
    </message>
    <message>
        <source>Scheduled recording started</source>
        <translation>Bắt đầu thu theo lịch</translation>
    </message>
    <message>
        <source>Scheduled recording changed</source>
        <translation>Sửa lịch thu</translation>
    </message>
    <message>
        <source>Recovery after a crash</source>
        <translation>Khôi phục sau sự cố</translation>
    </message>
    <message>
        <source>Edit rendered</source>
        <translation>Xuất bản biên tập</translation>
    </message>
    <message>
        <source>Schedule approved</source>
        <translation>Duyệt lịch phát sóng</translation>
    </message>
    <message>
        <source>Approval not signed (wrong password)</source>
        <translation>Phê duyệt không được ký (sai mật khẩu)</translation>
    </message>
    <message>
        <source>Relay feed removed</source>
        <translation>Đã bỏ nguồn tiếp sóng</translation>
    </message>
    <message>
        <source>Relay feed subscribed</source>
        <translation>Đã đăng ký nguồn tiếp sóng</translation>
    </message>
    <message>
        <source>Schedule created</source>
        <translation>Tạo lịch phát sóng</translation>
    </message>
    <message>
        <source>Schedule deleted</source>
        <translation>Xoá lịch phát sóng</translation>
    </message>
    <message>
        <source>Schedule edited</source>
        <translation>Sửa lịch phát sóng</translation>
    </message>
    <message>
        <source>Emergency bulletin on air</source>
        <translation>Phát bản tin khẩn cấp</translation>
    </message>
    <message>
        <source>Emergency bulletin confirmed</source>
        <translation>Xác nhận bản tin khẩn cấp</translation>
    </message>
    <message>
        <source>Emergency bulletin cancelled</source>
        <translation>Huỷ bản tin khẩn cấp</translation>
    </message>
    <message>
        <source>Schedule package exported</source>
        <translation>Xuất gói lịch phát sóng</translation>
    </message>
    <message>
        <source>Schedule printed</source>
        <translation>In lịch phát sóng</translation>
    </message>
    <message>
        <source>Schedule published</source>
        <translation>Công bố lịch phát sóng</translation>
    </message>
    <message>
        <source>Schedule rejected</source>
        <translation>Từ chối lịch phát sóng</translation>
    </message>
    <message>
        <source>Relay attached to the schedule</source>
        <translation>Gắn tiếp sóng vào lịch</translation>
    </message>
    <message>
        <source>Schedule revision started</source>
        <translation>Tạo bản sửa đổi lịch</translation>
    </message>
    <message>
        <source>Schedule rule added</source>
        <translation>Thêm quy định lịch</translation>
    </message>
    <message>
        <source>Schedule submitted</source>
        <translation>Trình duyệt lịch phát sóng</translation>
    </message>
    <message>
        <source>Schedule template saved</source>
        <translation>Lưu mẫu lịch</translation>
    </message>
    <message>
        <source>Schedule withdrawn</source>
        <translation>Rút lại lịch phát sóng</translation>
    </message>
    <message>
        <source>Saved search deleted</source>
        <translation>Xoá tìm kiếm đã lưu</translation>
    </message>
    <message>
        <source>Search index rebuilt</source>
        <translation>Dựng lại chỉ mục tìm kiếm</translation>
    </message>
    <message>
        <source>Search saved</source>
        <translation>Lưu tìm kiếm</translation>
    </message>
    <message>
        <source>Setting changed</source>
        <translation>Thay đổi cài đặt</translation>
    </message>
    <message>
        <source>Playout settings changed</source>
        <translation>Thay đổi cài đặt phát sóng</translation>
    </message>
    <message>
        <source>Hub address changed</source>
        <translation>Thay đổi địa chỉ máy chủ tỉnh</translation>
    </message>
    <message>
        <source>Sync limits changed</source>
        <translation>Thay đổi giới hạn đồng bộ</translation>
    </message>
    <message>
        <source>Relay size limit changed</source>
        <translation>Đã đổi giới hạn dung lượng tiếp sóng</translation>
    </message>
    <message>
        <source>Watched folder changed</source>
        <translation>Thay đổi thư mục theo dõi</translation>
    </message>
    <message>
        <source>Station created</source>
        <translation>Tạo đài</translation>
    </message>
    <message>
        <source>Demo library added</source>
        <translation>Thêm thư viện mẫu</translation>
    </message>
    <message>
        <source>Station renamed</source>
        <translation>Đổi tên đài</translation>
    </message>
    <message>
        <source>Station time zone changed</source>
        <translation>Thay đổi múi giờ của đài</translation>
    </message>
    <message>
        <source>Media store verified</source>
        <translation>Kiểm tra kho tệp</translation>
    </message>
    <message>
        <source>Stream recorded</source>
        <translation>Thu luồng phát</translation>
    </message>
    <message>
        <source>USB bundle written</source>
        <translation>Ghi gói dữ liệu ra USB</translation>
    </message>
    <message>
        <source>USB bundle read</source>
        <translation>Đọc gói dữ liệu từ USB</translation>
    </message>
    <message>
        <source>Sync conflict resolved</source>
        <translation>Giải quyết xung đột đồng bộ</translation>
    </message>
    <message>
        <source>Synchronised</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <source>Recording failed</source>
        <translation>Thu âm thất bại</translation>
    </message>
    <message>
        <source>Recording finished</source>
        <translation>Kết thúc thu âm</translation>
    </message>
    <message>
        <source>Recording recovered</source>
        <translation>Khôi phục bản thu</translation>
    </message>
    <message>
        <source>Recording started</source>
        <translation>Bắt đầu thu âm</translation>
    </message>
    <message>
        <source>User enabled</source>
        <translation>Kích hoạt người dùng</translation>
    </message>
    <message>
        <source>User created</source>
        <translation>Tạo người dùng</translation>
    </message>
    <message>
        <source>User disabled</source>
        <translation>Vô hiệu hoá người dùng</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Signing key made</source>
        <translation>Đã tạo khóa ký</translation>
    </message>
    <message>
        <source>Failed login</source>
        <translation>Đăng nhập thất bại</translation>
    </message>
    <message>
        <source>Logged out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <source>Password change refused</source>
        <translation>Đổi mật khẩu bị từ chối</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Đặt lại mật khẩu</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>Đổi vai trò</translation>
    </message>
    <message>
        <source>User details changed</source>
        <translation>Sửa thông tin người dùng</translation>
    </message>
    <message>
        <source>view the library</source>
        <translation>xem thư viện</translation>
    </message>
    <message>
        <source>import into the library</source>
        <translation>nhập vào thư viện</translation>
    </message>
    <message>
        <source>edit the library</source>
        <translation>sửa thư viện</translation>
    </message>
    <message>
        <source>delete from the library</source>
        <translation>xoá khỏi thư viện</translation>
    </message>
    <message>
        <source>purge the archive</source>
        <translation>dọn kho lưu trữ</translation>
    </message>
    <message>
        <source>use the studio</source>
        <translation>dùng phòng thu</translation>
    </message>
    <message>
        <source>run playout</source>
        <translation>điều khiển phát sóng</translation>
    </message>
    <message>
        <source>edit schedules</source>
        <translation>soạn lịch phát sóng</translation>
    </message>
    <message>
        <source>submit schedules</source>
        <translation>trình duyệt lịch</translation>
    </message>
    <message>
        <source>approve schedules</source>
        <translation>duyệt lịch</translation>
    </message>
    <message>
        <source>run sync</source>
        <translation>đồng bộ</translation>
    </message>
    <message>
        <source>view the audit trail</source>
        <translation>xem nhật ký kiểm toán</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>quản lý người dùng</translation>
    </message>
    <message>
        <source>manage settings</source>
        <translation>quản lý cài đặt</translation>
    </message>
    <message>
        <source>session added</source>
        <translation>thêm buổi phát</translation>
    </message>
    <message>
        <source>session changed</source>
        <translation>sửa buổi phát</translation>
    </message>
    <message>
        <source>session removed</source>
        <translation>bỏ buổi phát</translation>
    </message>
    <message>
        <source>item added</source>
        <translation>thêm mục</translation>
    </message>
    <message>
        <source>item moved</source>
        <translation>chuyển chỗ mục</translation>
    </message>
    <message>
        <source>item removed</source>
        <translation>bỏ mục</translation>
    </message>
    <message>
        <source>item replaced</source>
        <translation>thay mục</translation>
    </message>
    <message>
        <source>item&apos;s priority or length changed</source>
        <translation>đổi mức ưu tiên hoặc thời lượng của mục</translation>
    </message>
    <message>
        <source>imported from a file</source>
        <translation>nhập từ tệp</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Station: unexpected error</source>
        <translation>Station: lỗi không mong muốn</translation>
    </message>
    <message>
        <source>Something went wrong. Your saved work is safe. The details below were written to the log file; please send them to support.</source>
        <translation>Đã xảy ra lỗi. Dữ liệu đã lưu của bạn vẫn an toàn. Chi tiết bên dưới đã được ghi vào tệp nhật ký; vui lòng gửi cho bộ phận hỗ trợ.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>a station already exists in {path}</source>
        <translation>đã có một đài trong {path}</translation>
    </message>
    <message>
        <source>the station needs a name</source>
        <translation>đài cần có tên</translation>
    </message>
    <message>
        <source>the disk holding {path} is full: free some space on it and try again</source>
        <translation>ổ đĩa chứa {path} đã đầy: hãy giải phóng bớt dung lượng trên ổ rồi thử lại</translation>
    </message>
    <message>
        <source>the folder {path} is read-only: make it writable or choose another data folder</source>
        <translation>thư mục {path} chỉ cho phép đọc: hãy cho phép ghi vào thư mục hoặc chọn thư mục dữ liệu khác</translation>
    </message>
    <message>
        <source>this user may not write in the folder {path}: give them the right to or choose another data folder</source>
        <translation>người dùng này không có quyền ghi vào thư mục {path}: hãy cấp quyền ghi hoặc chọn thư mục dữ liệu khác</translation>
    </message>
    <message>
        <source>the database {path} is busy: another program holds it; try again</source>
        <translation>cơ sở dữ liệu {path} đang bận: một chương trình khác đang giữ nó; hãy thử lại</translation>
    </message>
    <message>
        <source>cannot open the database {path}: {reason}</source>
        <translation>không mở được cơ sở dữ liệu {path}: {reason}</translation>
    </message>
    <message>
        <source>cannot read or write the database {path}: {reason} (is the disk failing or disconnected?)</source>
        <translation>không đọc hoặc ghi được cơ sở dữ liệu {path}: {reason} (ổ đĩa bị lỗi hay đã bị ngắt kết nối?)</translation>
    </message>
    <message>
        <source>cannot use the database {path}: {reason}</source>
        <translation>không dùng được cơ sở dữ liệu {path}: {reason}</translation>
    </message>
    <message>
        <source>the database {path} holds no station (schema 0): it was damaged, this is not a new station</source>
        <translation>cơ sở dữ liệu {path} không chứa đài nào (lược đồ 0): tệp đã bị hỏng, đây không phải là một đài mới</translation>
    </message>
    <message>
        <source>cannot read the database {path}: {reason}</source>
        <translation>không đọc được cơ sở dữ liệu {path}: {reason}</translation>
    </message>
    <message>
        <source>the database {path} is empty (0 bytes): it was damaged, this is not a new station</source>
        <translation>cơ sở dữ liệu {path} trống (0 byte): tệp đã bị hỏng, đây không phải là một đài mới</translation>
    </message>
    <message>
        <source>{path} is not a Station database</source>
        <translation>{path} không phải là cơ sở dữ liệu của Station</translation>
    </message>
    <message>
        <source>the database {path} is truncated ({size} bytes)</source>
        <translation>cơ sở dữ liệu {path} bị cắt cụt (chỉ còn {size} byte)</translation>
    </message>
    <message>
        <source>the database {path} is damaged: {reason}</source>
        <translation>cơ sở dữ liệu {path} bị hỏng: {reason}</translation>
    </message>
    <message>
        <source>unknown retention class: {retention}</source>
        <translation>loại thời hạn lưu trữ không hợp lệ: {retention}</translation>
    </message>
    <message>
        <source>a legal hold needs a reason</source>
        <translation>cần ghi lý do giữ lại theo yêu cầu pháp lý</translation>
    </message>
    <message>
        <source>the disk holding {path} is full</source>
        <translation>ổ đĩa chứa {path} đã đầy</translation>
    </message>
    <message>
        <source>cannot write the database {path}: {reason}</source>
        <translation>không ghi được cơ sở dữ liệu {path}: {reason}</translation>
    </message>
    <message>
        <source>the database {path} is missing</source>
        <translation>không tìm thấy cơ sở dữ liệu {path}</translation>
    </message>
    <message>
        <source>the database has schema version {found}, this app supports up to {supported}: install the newer version of Station</source>
        <translation>cơ sở dữ liệu có phiên bản cấu trúc {found}, phần mềm này chỉ hỗ trợ đến {supported}: hãy cài phiên bản Station mới hơn</translation>
    </message>
    <message>
        <source>unknown item kind: {kind}</source>
        <translation>loại mục không hợp lệ: {kind}</translation>
    </message>
    <message>
        <source>an item needs a title</source>
        <translation>mục cần có tiêu đề</translation>
    </message>
    <message>
        <source>a text bulletin needs a title and a text</source>
        <translation>bản tin văn bản cần có tiêu đề và nội dung</translation>
    </message>
    <message>
        <source>this station is already open in another Station window (process {pid})</source>
        <translation>đài này đang được mở trong một cửa sổ Station khác (tiến trình {pid})</translation>
    </message>
    <message>
        <source>cannot write to the data folder {path}: {reason}</source>
        <translation>không ghi được vào thư mục dữ liệu {path}: {reason}</translation>
    </message>
    <message>
        <source>no station in {path}: run &apos;station init&apos; or start the app to create one</source>
        <translation>chưa có đài trong {path}: chạy &apos;station init&apos; hoặc mở ứng dụng để tạo đài</translation>
    </message>
    <message>
        <source>the command line reads only: to {what}, act as a station user with --user NAME (the password from $STATION_PASSWORD or stdin)</source>
        <translation>dòng lệnh chỉ được đọc: để {what}, hãy làm với tư cách một người dùng của đài bằng --user TÊN (mật khẩu lấy từ $STATION_PASSWORD hoặc đầu vào chuẩn)</translation>
    </message>
    <message>
        <source>your role ({role}) does not allow this: {right}</source>
        <translation>vai trò của bạn ({role}) không được phép thực hiện việc này: {right}</translation>
    </message>
    <message>
        <source>cannot write to the media store: {reason}</source>
        <translation>không ghi được vào kho tư liệu: {reason}</translation>
    </message>
    <message>
        <source>too many failed attempts: try again in {seconds} seconds</source>
        <translation>đăng nhập sai nhiều lần: thử lại sau {seconds} giây</translation>
    </message>
    <message>
        <source>a user name is 1 to 64 characters without spaces</source>
        <translation>tên đăng nhập dài từ 1 đến 64 ký tự, không có dấu cách</translation>
    </message>
    <message>
        <source>the password must have at least {n} characters</source>
        <translation>mật khẩu phải có ít nhất {n} ký tự</translation>
    </message>
    <message>
        <source>the user name {name} is taken</source>
        <translation>tên đăng nhập {name} đã có người dùng</translation>
    </message>
    <message>
        <source>this station already has users</source>
        <translation>đài này đã có người dùng</translation>
    </message>
    <message>
        <source>no user named {name}</source>
        <translation>không có người dùng nào tên {name}</translation>
    </message>
    <message>
        <source>wrong user name or password</source>
        <translation>sai tên đăng nhập hoặc mật khẩu</translation>
    </message>
    <message>
        <source>you cannot deactivate your own account</source>
        <translation>bạn không thể tự khóa tài khoản của mình</translation>
    </message>
    <message>
        <source>you cannot take away your own administrator role</source>
        <translation>bạn không thể tự bỏ vai trò quản trị của mình</translation>
    </message>
    <message>
        <source>{name} is the last active administrator: the station needs one</source>
        <translation>{name} là quản trị viên cuối cùng còn hoạt động: đài cần ít nhất một quản trị viên</translation>
    </message>
    <message>
        <source>a full name is at most 200 characters</source>
        <translation>họ tên dài tối đa 200 ký tự</translation>
    </message>
    <message>
        <source>ffmpeg failed: {reason}</source>
        <translation>ffmpeg gặp lỗi: {reason}</translation>
    </message>
    <message>
        <source>the watched folder {path} is not available</source>
        <translation>thư mục theo dõi {path} hiện không truy cập được</translation>
    </message>
    <message>
        <source>file error: {reason}</source>
        <translation>lỗi tệp: {reason}</translation>
    </message>
    <message>
        <source>a watched folder cannot be inside the station&apos;s data folder</source>
        <translation>thư mục theo dõi không được nằm trong thư mục dữ liệu của đài</translation>
    </message>
    <message>
        <source>the station service is not running ({reason})</source>
        <translation>dịch vụ trạm không chạy ({reason})</translation>
    </message>
    <message>
        <source>the station service belongs to another user of this computer: {reason}</source>
        <translation>dịch vụ trạm thuộc về một người dùng khác của máy này: {reason}</translation>
    </message>
    <message>
        <source>unexpected error: {reason}</source>
        <translation>lỗi không mong muốn: {reason}</translation>
    </message>
    <message>
        <source>the station service did not answer ({reason})</source>
        <translation>dịch vụ trạm không trả lời ({reason})</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>row {row}: {field} must be text</source>
        <translation>dòng {row}: {field} phải là văn bản</translation>
    </message>
    <message>
        <source>row {row}: {field} is not a date (yyyy-mm-dd or dd/mm/yyyy): {value}</source>
        <translation>dòng {row}: {field} không phải là ngày (yyyy-mm-dd hoặc dd/mm/yyyy): {value}</translation>
    </message>
    <message>
        <source>row {row}: {field} is not a date and time: {value}</source>
        <translation>dòng {row}: {field} không phải là ngày giờ: {value}</translation>
    </message>
    <message>
        <source>row {row}: duration_s must be a number of seconds (or h:mm:ss): {value}</source>
        <translation>dòng {row}: duration_s phải là số giây (hoặc h:mm:ss): {value}</translation>
    </message>
    <message>
        <source>row {row}: unknown field {field}</source>
        <translation>dòng {row}: trường không hợp lệ {field}</translation>
    </message>
    <message>
        <source>row {row}: a title is required</source>
        <translation>dòng {row}: cần có tiêu đề</translation>
    </message>
    <message>
        <source>row {row}: unknown kind {value}</source>
        <translation>dòng {row}: loại không hợp lệ {value}</translation>
    </message>
    <message>
        <source>row {row}: language must be a code such as vi, tay or hmn: {value}</source>
        <translation>dòng {row}: ngôn ngữ phải là mã như vi, tay hoặc hmn: {value}</translation>
    </message>
    <message>
        <source>the disk holding {path} is full; nothing was exported</source>
        <translation>ổ đĩa chứa {path} đã đầy; chưa xuất được gì</translation>
    </message>
    <message>
        <source>cannot write to {path}: {reason}; nothing was exported</source>
        <translation>không ghi được vào {path}: {reason}; chưa xuất được gì</translation>
    </message>
    <message>
        <source>cannot export into the station&apos;s data folder {path}</source>
        <translation>không thể xuất vào thư mục dữ liệu của đài {path}</translation>
    </message>
    <message>
        <source>none of the selected items exists any more</source>
        <translation>không còn mục nào trong số đã chọn</translation>
    </message>
    <message>
        <source>the stored file of {titles} is missing or damaged: run &apos;station verify&apos;; nothing was exported</source>
        <translation>tệp lưu trữ của {titles} bị mất hoặc hỏng: hãy chạy &apos;station verify&apos;; chưa xuất được gì</translation>
    </message>
    <message>
        <source>not enough free space on {path}: the export needs {needed}, {free} is free</source>
        <translation>không đủ chỗ trống trên {path}: cần {needed}, chỉ còn {free}</translation>
    </message>
    <message>
        <source>the stored file of “{title}” is damaged (its SHA-256 does not match): run &apos;station verify&apos;; nothing was exported</source>
        <translation>tệp lưu trữ của “{title}” bị hỏng (mã SHA-256 không khớp): hãy chạy &apos;station verify&apos;; chưa xuất được gì</translation>
    </message>
    <message>
        <source>cannot read the stored file of “{title}”: {reason}; nothing was exported</source>
        <translation>không đọc được tệp lưu trữ của “{title}”: {reason}; chưa xuất được gì</translation>
    </message>
    <message>
        <source>{path} is not a folder</source>
        <translation>{path} không phải là thư mục</translation>
    </message>
    <message>
        <source>the folder {path} does not exist</source>
        <translation>thư mục {path} không tồn tại</translation>
    </message>
    <message>
        <source>{name} does not exist</source>
        <translation>{name} không tồn tại</translation>
    </message>
    <message>
        <source>{name} is not a file</source>
        <translation>{name} không phải là tệp</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes)</source>
        <translation>{name} rỗng (0 byte)</translation>
    </message>
    <message>
        <source>{name} vanished while it was being imported</source>
        <translation>{name} đã biến mất trong khi đang nhập</translation>
    </message>
    <message>
        <source>{name} changed while it was being imported; import it again once it is complete</source>
        <translation>{name} bị thay đổi trong khi đang nhập; hãy nhập lại khi tệp đã hoàn chỉnh</translation>
    </message>
    <message>
        <source>the file name is not valid text (it was written by a system with another character set); rename the file and put it back</source>
        <translation>tên tệp không phải văn bản hợp lệ (tệp được tạo trên hệ thống dùng bảng mã khác); hãy đổi tên tệp rồi đặt lại</translation>
    </message>
    <message>
        <source>{name} is not a text bulletin (binary or larger than 2 MB)</source>
        <translation>{name} không phải bản tin văn bản (tệp nhị phân hoặc lớn hơn 2 MB)</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 text; save it as UTF-8 and import it again</source>
        <translation>{name} không phải văn bản UTF-8; hãy lưu lại dạng UTF-8 rồi nhập lại</translation>
    </message>
    <message>
        <source>{name} is not a picture that can be read</source>
        <translation>{name} không phải hình ảnh đọc được</translation>
    </message>
    <message>
        <source>{name} is a damaged picture: {reason}</source>
        <translation>{name} là hình ảnh bị hỏng: {reason}</translation>
    </message>
    <message>
        <source>{name} is not a media file the station can read: it is damaged, or it is another kind of file with a sound or video file&apos;s name</source>
        <translation>{name} không phải là tệp âm thanh hay video mà đài đọc được: tệp bị hỏng, hoặc là một loại tệp khác mang tên tệp âm thanh, video</translation>
    </message>
    <message>
        <source>{name} has no sound to import (it holds neither audio nor a picture)</source>
        <translation>{name} không có âm thanh để nhập (tệp không chứa âm thanh cũng không chứa hình ảnh)</translation>
    </message>
    <message>
        <source>{field} must be text</source>
        <translation>{field} phải là văn bản</translation>
    </message>
    <message>
        <source>a date must be a real day (dd/MM/yyyy): {value}</source>
        <translation>ngày phải là một ngày có thật (dd/MM/yyyy): {value}</translation>
    </message>
    <message>
        <source>unknown retention class: {value}</source>
        <translation>loại thời hạn lưu trữ không hợp lệ: {value}</translation>
    </message>
    <message>
        <source>unknown language code: {value}</source>
        <translation>mã ngôn ngữ không hợp lệ: {value}</translation>
    </message>
    <message>
        <source>no item with id {id}</source>
        <translation>không có mục nào có mã {id}</translation>
    </message>
    <message>
        <source>{title} has no audio to edit</source>
        <translation>{title} không có âm thanh để biên tập</translation>
    </message>
    <message>
        <source>no editing project with id {id}</source>
        <translation>không có dự án biên tập nào có mã {id}</translation>
    </message>
    <message>
        <source>the selection {start}-{end} is outside the edit (0-{frames} samples)</source>
        <translation>vùng chọn {start}-{end} nằm ngoài bản biên tập (0-{frames} mẫu)</translation>
    </message>
    <message>
        <source>unknown fade curve: {curve}</source>
        <translation>dạng đường tăng/giảm dần không hợp lệ: {curve}</translation>
    </message>
    <message>
        <source>an edit point cannot fall inside a crossfade; undo the crossfade first</source>
        <translation>điểm cắt không được nằm trong đoạn chuyển tiếp chồng; hãy hoàn tác chuyển tiếp chồng trước</translation>
    </message>
    <message>
        <source>the clipboard is empty: copy or cut a selection first</source>
        <translation>bộ nhớ tạm đang trống: hãy sao chép hoặc cắt một vùng chọn trước</translation>
    </message>
    <message>
        <source>the paste position is outside the edit</source>
        <translation>vị trí dán nằm ngoài bản biên tập</translation>
    </message>
    <message>
        <source>silence needs a length and a position inside the edit</source>
        <translation>khoảng lặng cần có độ dài và vị trí nằm trong bản biên tập</translation>
    </message>
    <message>
        <source>a crossfade needs two clips: cut or paste first</source>
        <translation>chuyển tiếp chồng cần hai đoạn âm thanh: hãy cắt hoặc dán trước</translation>
    </message>
    <message>
        <source>the crossfade is longer than the clips it joins</source>
        <translation>đoạn chuyển tiếp chồng dài hơn các đoạn âm thanh mà nó nối</translation>
    </message>
    <message>
        <source>an envelope needs two points or more</source>
        <translation>đường âm lượng cần có từ hai điểm trở lên</translation>
    </message>
    <message>
        <source>no pause longer than {seconds:.1f} s was found</source>
        <translation>không tìm thấy khoảng ngừng nào dài hơn {seconds:.1f} giây</translation>
    </message>
    <message>
        <source>the music must start inside the edit and have a length</source>
        <translation>nhạc nền phải bắt đầu trong bản biên tập và có độ dài</translation>
    </message>
    <message>
        <source>cannot render: the source &quot;{title}&quot; ({item}) is unusable: {reason}</source>
        <translation>không kết xuất được: không dùng được tư liệu nguồn “{title}” ({item}): {reason}</translation>
    </message>
    <message>
        <source>its file is missing from the media store</source>
        <translation>tệp của nó bị mất khỏi kho tư liệu</translation>
    </message>
    <message>
        <source>its file is damaged (the size changed)</source>
        <translation>tệp của nó bị hỏng (kích thước đã thay đổi)</translation>
    </message>
    <message>
        <source>its file is damaged (the sample rate changed)</source>
        <translation>tệp của nó bị hỏng (tần số lấy mẫu đã thay đổi)</translation>
    </message>
    <message>
        <source>its file is damaged (its content no longer matches its checksum)</source>
        <translation>tệp của nó bị hỏng (nội dung không còn khớp mã kiểm tra)</translation>
    </message>
    <message>
        <source>the edit is empty: nothing to render</source>
        <translation>bản biên tập trống: không có gì để kết xuất</translation>
    </message>
    <message>
        <source>these fields cannot be edited: {fields}</source>
        <translation>không thể sửa các trường này: {fields}</translation>
    </message>
    <message>
        <source>a schedule covers 1 to {max} days</source>
        <translation>một lịch phát sóng kéo dài từ 1 đến {max} ngày</translation>
    </message>
    <message>
        <source>a schedule for {start} – {end} exists already</source>
        <translation>đã có lịch phát sóng cho {start} – {end}</translation>
    </message>
    <message>
        <source>there is no schedule before {day} to copy</source>
        <translation>không có lịch phát sóng nào trước {day} để sao chép</translation>
    </message>
    <message>
        <source>revision {revision} of this schedule is newer: change that one</source>
        <translation>bản sửa {revision} của lịch này mới hơn: hãy sửa bản đó</translation>
    </message>
    <message>
        <source>{user} changed this schedule at {time} (version {found}, you had {expected}); your change was not saved: look at theirs, then apply yours again</source>
        <translation>{user} đã sửa lịch này lúc {time} (phiên bản {found}, bạn đang có {expected}); thay đổi của bạn chưa được lưu: hãy xem thay đổi của họ rồi áp dụng lại thay đổi của bạn</translation>
    </message>
    <message>
        <source>the schedule has {count} problem(s) to fix first: {first}</source>
        <translation>lịch phát sóng còn {count} vấn đề cần sửa trước: {first}</translation>
    </message>
    <message>
        <source>say why the schedule is rejected</source>
        <translation>hãy ghi lý do từ chối lịch phát sóng</translation>
    </message>
    <message>
        <source>only a submitted schedule can be approved or rejected (this one is {status})</source>
        <translation>chỉ có thể duyệt hoặc từ chối lịch đã trình (lịch này đang ở trạng thái {status})</translation>
    </message>
    <message>
        <source>only an approved schedule can be published (this one is {status})</source>
        <translation>chỉ có thể ban hành lịch đã được duyệt (lịch này đang ở trạng thái {status})</translation>
    </message>
    <message>
        <source>the approved schedule does not match its seal: {reasons}</source>
        <translation>lịch đã duyệt không khớp với dấu niêm phong: {reasons}</translation>
    </message>
    <message>
        <source>no schedule covers {day}</source>
        <translation>không có lịch phát sóng nào cho ngày {day}</translation>
    </message>
    <message>
        <source>no session of this schedule starts after {time} on {day}</source>
        <translation>không có buổi phát nào của lịch này bắt đầu sau {time} ngày {day}</translation>
    </message>
    <message>
        <source>no emergency bulletin {id}</source>
        <translation>không có bản tin khẩn cấp {id}</translation>
    </message>
    <message>
        <source>say why this is an emergency</source>
        <translation>hãy ghi lý do khẩn cấp</translation>
    </message>
    <message>
        <source>“{title}” is a picture: it cannot be broadcast</source>
        <translation>“{title}” là hình ảnh: không thể phát sóng</translation>
    </message>
    <message>
        <source>this emergency bulletin is already {status}</source>
        <translation>bản tin khẩn cấp này đã ở trạng thái {status}</translation>
    </message>
    <message>
        <source>say why the emergency bulletin is cancelled</source>
        <translation>hãy ghi lý do hủy bản tin khẩn cấp</translation>
    </message>
    <message>
        <source>no schedule with id {id}</source>
        <translation>không có lịch phát sóng nào có mã {id}</translation>
    </message>
    <message>
        <source>this schedule waits for the chief&apos;s approval: withdraw it to change it</source>
        <translation>lịch này đang chờ trưởng đài duyệt: hãy rút lại để sửa</translation>
    </message>
    <message>
        <source>this schedule is {status} and locked: make a new revision to change it</source>
        <translation>lịch này ở trạng thái {status} và đã khóa: hãy tạo bản sửa mới để thay đổi</translation>
    </message>
    <message>
        <source>there is no change to apply again</source>
        <translation>không có thay đổi nào để áp dụng lại</translation>
    </message>
    <message>
        <source>no session {key} in this schedule</source>
        <translation>lịch này không có buổi phát {key}</translation>
    </message>
    <message>
        <source>{day} is outside this schedule&apos;s period ({start} – {end})</source>
        <translation>{day} nằm ngoài thời gian của lịch này ({start} – {end})</translation>
    </message>
    <message>
        <source>a session needs an end time or a length</source>
        <translation>buổi phát cần có giờ kết thúc hoặc thời lượng</translation>
    </message>
    <message>
        <source>a session lasts more than 0 and at most {hours} hours</source>
        <translation>buổi phát phải dài hơn 0 và tối đa {hours} giờ</translation>
    </message>
    <message>
        <source>unknown priority: {priority}</source>
        <translation>mức ưu tiên không hợp lệ: {priority}</translation>
    </message>
    <message>
        <source>an emergency bulletin goes on air at once: declare it, do not schedule it</source>
        <translation>bản tin khẩn cấp được phát ngay: hãy công bố khẩn cấp, không xếp vào lịch</translation>
    </message>
    <message>
        <source>a slot&apos;s length must be more than 0 seconds</source>
        <translation>thời lượng của mục phát phải lớn hơn 0 giây</translation>
    </message>
    <message>
        <source>“{title}” is in the library&apos;s bin: restore it first</source>
        <translation>“{title}” đang ở trong thùng rác của thư viện: hãy khôi phục trước</translation>
    </message>
    <message>
        <source>a slot needs an item, a relay, a live stream or a programme</source>
        <translation>mục phát cần có một tư liệu, một chương trình tiếp sóng, một luồng trực tiếp hoặc một chương trình</translation>
    </message>
    <message>
        <source>this slot needs a library item</source>
        <translation>mục phát này cần một tư liệu trong thư viện</translation>
    </message>
    <message>
        <source>a relay slot needs the relay feed item</source>
        <translation>mục tiếp sóng cần có chương trình tiếp sóng</translation>
    </message>
    <message>
        <source>a live window needs a stream address (http, https, rtsp, rtmp, srt): {value}</source>
        <translation>khung phát trực tiếp cần địa chỉ luồng (http, https, rtsp, rtmp, srt): {value}</translation>
    </message>
    <message>
        <source>a live window needs its length</source>
        <translation>khung phát trực tiếp cần có thời lượng</translation>
    </message>
    <message>
        <source>this slot needs a programme</source>
        <translation>mục phát này cần một chương trình</translation>
    </message>
    <message>
        <source>only a relay slot has a relay rule</source>
        <translation>chỉ ô tiếp sóng mới có quy tắc tiếp sóng</translation>
    </message>
    <message>
        <source>not a time of day (24-hour HH:MM): {value}</source>
        <translation>không phải giờ trong ngày (dạng 24 giờ HH:MM): {value}</translation>
    </message>
    <message>
        <source>no slot {key} in this schedule</source>
        <translation>lịch này không có mục phát {key}</translation>
    </message>
    <message>
        <source>the rule needs a number {name}</source>
        <translation>quy định cần một số {name}</translation>
    </message>
    <message>
        <source>a week has 7 days</source>
        <translation>một tuần có 7 ngày</translation>
    </message>
    <message>
        <source>a mandatory bulletin rule names one item, category or relay</source>
        <translation>quy định bản tin bắt buộc phải chỉ rõ một tư liệu, một chuyên mục hoặc một chương trình tiếp sóng</translation>
    </message>
    <message>
        <source>&apos;per&apos; is day, week or session</source>
        <translation>&apos;per&apos; phải là ngày, tuần hoặc buổi phát</translation>
    </message>
    <message>
        <source>unknown rule: {kind}</source>
        <translation>quy định không hợp lệ: {kind}</translation>
    </message>
    <message>
        <source>no rule preset {name}</source>
        <translation>không có bộ quy định mẫu {name}</translation>
    </message>
    <message>
        <source>weekdays are 1 (Monday) to 7 (Sunday)</source>
        <translation>ngày trong tuần từ 1 (thứ Hai) đến 7 (Chủ nhật)</translation>
    </message>
    <message>
        <source>unknown segment kind: {kind}</source>
        <translation>loại đoạn không hợp lệ: {kind}</translation>
    </message>
    <message>
        <source>unknown transition: {segue}</source>
        <translation>kiểu chuyển tiếp không hợp lệ: {segue}</translation>
    </message>
    <message>
        <source>no programme template with id {id}</source>
        <translation>không có mẫu chương trình nào có mã {id}</translation>
    </message>
    <message>
        <source>a template needs a name</source>
        <translation>mẫu lịch cần có tên</translation>
    </message>
    <message>
        <source>there is already a template called “{name}”</source>
        <translation>đã có mẫu tên “{name}”</translation>
    </message>
    <message>
        <source>no schedule template {id}</source>
        <translation>không có mẫu lịch {id}</translation>
    </message>
    <message>
        <source>not a date: {value}</source>
        <translation>không phải là ngày: {value}</translation>
    </message>
    <message>
        <source>unknown sort order: {sort}</source>
        <translation>kiểu sắp xếp không hợp lệ: {sort}</translation>
    </message>
    <message>
        <source>a saved search needs a name</source>
        <translation>tìm kiếm đã lưu cần có tên</translation>
    </message>
    <message>
        <source>no saved search {id}</source>
        <translation>không có tìm kiếm đã lưu {id}</translation>
    </message>
    <message>
        <source>only an approved schedule can be sent to the communes (this one is {status})</source>
        <translation>chỉ lịch đã được duyệt mới được gửi xuống các xã (lịch này đang ở trạng thái {status})</translation>
    </message>
    <message>
        <source>cannot read the stored file {name}: {reason}; nothing was exported</source>
        <translation>không đọc được tệp lưu trữ {name}: {reason}; chưa xuất được gì</translation>
    </message>
    <message>
        <source>the stored file {name} is damaged (its SHA-256 does not match): run &apos;station verify&apos;; nothing was exported</source>
        <translation>tệp lưu trữ {name} bị hỏng (mã SHA-256 không khớp): hãy chạy &apos;station verify&apos;; chưa xuất được gì</translation>
    </message>
    <message>
        <source>{path} exists already</source>
        <translation>{path} đã tồn tại</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>không đọc được {path}: {reason}</translation>
    </message>
    <message>
        <source>{path} is too large for an as-run log</source>
        <translation>{path} quá lớn đối với một nhật ký phát sóng</translation>
    </message>
    <message>
        <source>{path} is not UTF-8 text</source>
        <translation>{path} không phải văn bản UTF-8</translation>
    </message>
    <message>
        <source>{path} is not valid JSON: {reason}</source>
        <translation>{path} không phải JSON hợp lệ: {reason}</translation>
    </message>
    <message>
        <source>{path} holds no list of entries</source>
        <translation>{path} không chứa danh sách mục nào</translation>
    </message>
    <message>
        <source>unknown report part: {part}</source>
        <translation>không có phần báo cáo: {part}</translation>
    </message>
    <message>
        <source>a report is by week or by month</source>
        <translation>báo cáo theo tuần hoặc theo tháng</translation>
    </message>
    <message>
        <source>the report ends before it starts</source>
        <translation>ngày kết thúc báo cáo trước ngày bắt đầu</translation>
    </message>
    <message>
        <source>no hub address is set: enter it in Settings &gt; Sync</source>
        <translation>chưa đặt địa chỉ máy chủ: hãy nhập trong mục Đồng bộ</translation>
    </message>
    <message>
        <source>no token is set for the hub {url}: enter the token the province gave you</source>
        <translation>chưa có mã truy cập cho máy chủ {url}: hãy nhập mã do tỉnh cấp</translation>
    </message>
    <message>
        <source>this token belongs to another station ({name}) than the one this data was synced as; nothing was sent</source>
        <translation>mã truy cập này thuộc về đài khác ({name}), không phải đài mà dữ liệu này đã đồng bộ; chưa gửi gì</translation>
    </message>
    <message>
        <source>the hub refused {what}: {reason}</source>
        <translation>máy chủ từ chối {what}: {reason}</translation>
    </message>
    <message>
        <source>the hub has not told this station its id yet; sync again</source>
        <translation>máy chủ chưa báo mã định danh cho đài; hãy đồng bộ lại</translation>
    </message>
    <message>
        <source>cannot reach the hub at {url}: {reason}</source>
        <translation>không liên lạc được với máy chủ {url}: {reason}</translation>
    </message>
    <message>
        <source>the address {url} did not answer as a sync hub (it sent {what}); check the hub address in Settings &gt; Sync</source>
        <translation>địa chỉ {url} không trả lời như một máy chủ đồng bộ (nó gửi {what}); hãy kiểm tra địa chỉ máy chủ trong mục Đồng bộ</translation>
    </message>
    <message>
        <source>playout is not running</source>
        <translation>hệ thống phát sóng chưa chạy</translation>
    </message>
    <message>
        <source>“{title}” is in no approved schedule: it cannot go on air</source>
        <translation>“{title}” không có trong lịch phát sóng nào đã duyệt: không thể phát sóng</translation>
    </message>
    <message>
        <source>“{title}” has no media file</source>
        <translation>“{title}” không có tệp âm thanh/video</translation>
    </message>
    <message>
        <source>{position}. {segment}: no item chosen</source>
        <translation>{position}. {segment}: chưa chọn mục</translation>
    </message>
    <message>
        <source>{position}. {segment}: its library item was deleted</source>
        <translation>{position}. {segment}: tư liệu trong thư viện đã bị xóa</translation>
    </message>
    <message>
        <source>{position}. {segment}: its media file is missing from the store</source>
        <translation>{position}. {segment}: tệp âm thanh/video bị mất khỏi kho</translation>
    </message>
    <message>
        <source>{position}. {segment}: its length is unknown (not analysed)</source>
        <translation>{position}. {segment}: chưa rõ thời lượng (chưa được phân tích)</translation>
    </message>
    <message>
        <source>“{title}” has no segments to render</source>
        <translation>“{title}” không có đoạn nào để kết xuất</translation>
    </message>
    <message>
        <source>“{title}” cannot be rendered yet</source>
        <translation>“{title}” chưa thể kết xuất</translation>
    </message>
    <message>
        <source>no segment {id} in this programme</source>
        <translation>chương trình này không có đoạn {id}</translation>
    </message>
    <message>
        <source>no programme with id {id}</source>
        <translation>không có chương trình nào có mã {id}</translation>
    </message>
    <message>
        <source>a programme&apos;s target length must be more than 0 and at most {hours} hours</source>
        <translation>thời lượng dự kiến của chương trình phải lớn hơn 0 và tối đa {hours} giờ</translation>
    </message>
    <message>
        <source>“{title}” has no sound: a rundown takes audio or video items</source>
        <translation>“{title}” không có âm thanh: kịch bản chương trình chỉ nhận mục âm thanh hoặc video</translation>
    </message>
    <message>
        <source>a TTS bulletin needs its text</source>
        <translation>bản tin đọc tự động cần có nội dung</translation>
    </message>
    <message>
        <source>only a TTS bulletin is spoken from text</source>
        <translation>chỉ bản tin đọc tự động mới được đọc từ văn bản</translation>
    </message>
    <message>
        <source>the dead-air time must be between 0 and {max} seconds</source>
        <translation>thời gian báo mất tiếng phải từ 0 đến {max} giây</translation>
    </message>
    <message>
        <source>unknown voice: {voice}</source>
        <translation>giọng đọc không hợp lệ: {voice}</translation>
    </message>
    <message>
        <source>the filler must be an audio item of the library</source>
        <translation>mục phát dự phòng phải là một mục âm thanh trong thư viện</translation>
    </message>
    <message>
        <source>the alarm cannot sound on the on-air output: choose another output</source>
        <translation>chuông báo động không được phát ra đầu ra đang phát sóng: hãy chọn đầu ra khác</translation>
    </message>
    <message>
        <source>the trim in point must be a length in seconds, not {value}</source>
        <translation>điểm bắt đầu phải là độ dài tính bằng giây, không phải {value}</translation>
    </message>
    <message>
        <source>the trim out point must be a length in seconds, not {value}</source>
        <translation>điểm kết thúc phải là độ dài tính bằng giây, không phải {value}</translation>
    </message>
    <message>
        <source>a segment&apos;s planned length must be a length in seconds, not {value}</source>
        <translation>thời lượng dự kiến của đoạn phải là độ dài tính bằng giây, không phải {value}</translation>
    </message>
    <message>
        <source>a transition&apos;s length must be a length in seconds, not {value}</source>
        <translation>độ dài chuyển tiếp phải là độ dài tính bằng giây, không phải {value}</translation>
    </message>
    <message>
        <source>a music bed&apos;s lead must be a length in seconds, not {value}</source>
        <translation>thời gian nhạc nền vào trước phải là độ dài tính bằng giây, không phải {value}</translation>
    </message>
    <message>
        <source>speed and pitch run from 0.25 to 4 times the voice&apos;s own</source>
        <translation>tốc độ và cao độ phải từ 0,25 đến 4 lần mức gốc của giọng đọc</translation>
    </message>
    <message>
        <source>the out point must come after the in point</source>
        <translation>điểm kết thúc phải nằm sau điểm bắt đầu</translation>
    </message>
    <message>
        <source>only a music bed runs under the segments after it</source>
        <translation>chỉ nhạc nền mới chạy bên dưới các đoạn tiếp theo</translation>
    </message>
    <message>
        <source>a bed is ducked by 0 to -60 dB</source>
        <translation>mức hạ nhạc nền phải từ 0 đến -60 dB</translation>
    </message>
    <message>
        <source>{user} changed this programme (version {found}, you had {expected}); your change was not saved: reload it and apply yours again</source>
        <translation>{user} đã sửa chương trình này (phiên bản {found}, bạn đang có {expected}); thay đổi của bạn chưa được lưu: hãy tải lại rồi áp dụng lại thay đổi của bạn</translation>
    </message>
    <message>
        <source>a programme needs a title</source>
        <translation>chương trình cần có tiêu đề</translation>
    </message>
    <message>
        <source>a segment has no field {name}</source>
        <translation>đoạn không có trường {name}</translation>
    </message>
    <message>
        <source>a recording rule needs a title</source>
        <translation>lịch thu cần có tiêu đề</translation>
    </message>
    <message>
        <source>a recording rule needs a source: an input device or a stream address</source>
        <translation>lịch thu cần có nguồn: một thiết bị đầu vào hoặc một địa chỉ luồng phát</translation>
    </message>
    <message>
        <source>not a stream address (http://, https://, rtmp://, rtsp://): {url}</source>
        <translation>không phải địa chỉ luồng phát (http://, https://, rtmp://, rtsp://): {url}</translation>
    </message>
    <message>
        <source>a rule repeats daily, on weekdays, weekly or once, not {value}</source>
        <translation>lịch thu lặp lại hằng ngày, vào ngày thường, hằng tuần hoặc một lần, không phải {value}</translation>
    </message>
    <message>
        <source>a recording lasts between 1 second and 24 hours, not {seconds} s</source>
        <translation>bản thu dài từ 1 giây đến 24 giờ, không phải {seconds} giây</translation>
    </message>
    <message>
        <source>a one-off recording needs its date (dd/MM/yyyy)</source>
        <translation>lịch thu một lần cần có ngày (dd/MM/yyyy)</translation>
    </message>
    <message>
        <source>a weekly recording needs its first date (dd/MM/yyyy)</source>
        <translation>lịch thu hằng tuần cần có ngày bắt đầu (dd/MM/yyyy)</translation>
    </message>
    <message>
        <source>no such recording rule: {id}</source>
        <translation>không có lịch thu: {id}</translation>
    </message>
    <message>
        <source>no take {id}</source>
        <translation>không có bản thu {id}</translation>
    </message>
    <message>
        <source>the disk filled during the take and there is no room to save it: the {seconds} s recorded are kept and saved at the next start once there is room in {path}</source>
        <translation>ổ đĩa bị đầy trong khi thu và không còn chỗ để lưu bản thu: {seconds} giây đã thu vẫn được giữ lại và sẽ được lưu ở lần khởi động sau khi {path} có đủ chỗ</translation>
    </message>
    <message>
        <source>unknown render kind: {kind}</source>
        <translation>kiểu kết xuất không hợp lệ: {kind}</translation>
    </message>
    <message>
        <source>a chapter mark must be at a time of 0 s or later</source>
        <translation>điểm đánh dấu chương phải ở mốc 0 giây trở đi</translation>
    </message>
    <message>
        <source>a stream recording needs an address (URL)</source>
        <translation>thu từ luồng phát cần có địa chỉ (URL)</translation>
    </message>
    <message>
        <source>the hub at {url} refused this station&apos;s token (it has expired); nothing was sent. Ask the province for a new token and enter it in Settings &gt; Sync</source>
        <translation>máy chủ {url} từ chối mã truy cập của đài (mã đã hết hạn); chưa gửi gì. Hãy xin tỉnh mã mới và nhập trong mục Đồng bộ</translation>
    </message>
    <message>
        <source>the hub at {url} refused this station&apos;s token (it was revoked); nothing was sent. Ask the province for a new token and enter it in Settings &gt; Sync</source>
        <translation>máy chủ {url} từ chối mã truy cập của đài (mã đã bị thu hồi); chưa gửi gì. Hãy xin tỉnh mã mới và nhập trong mục Đồng bộ</translation>
    </message>
    <message>
        <source>the hub at {url} refused this station&apos;s token (the province replaced it with a new one); nothing was sent. Enter the new token in Settings &gt; Sync</source>
        <translation>máy chủ {url} từ chối mã truy cập của đài (tỉnh đã thay bằng mã mới); chưa gửi gì. Hãy nhập mã mới trong mục Đồng bộ</translation>
    </message>
    <message>
        <source>the hub at {url} refused this station&apos;s token (no token was sent); nothing was sent. Enter the token the province gave you in Settings &gt; Sync</source>
        <translation>máy chủ {url} từ chối mã truy cập của đài (không có mã nào được gửi); chưa gửi gì. Hãy nhập mã tỉnh đã cấp trong mục Đồng bộ</translation>
    </message>
    <message>
        <source>the hub at {url} refused this station&apos;s token (the hub does not know it); nothing was sent. Ask the province for a new token and enter it in Settings &gt; Sync</source>
        <translation>máy chủ {url} từ chối mã truy cập của đài (máy chủ không nhận ra mã này); chưa gửi gì. Hãy xin tỉnh mã mới và nhập trong mục Đồng bộ</translation>
    </message>
    <message>
        <source>upload hours are written like 22:00-05:00, separated by commas; this is not: {text}</source>
        <translation>giờ tải lên viết dạng 22:00-05:00, cách nhau bằng dấu phẩy; giá trị này không đúng: {text}</translation>
    </message>
    <message>
        <source>no open sync conflict with id {id}</source>
        <translation>không có xung đột đồng bộ nào đang mở với mã {id}</translation>
    </message>
    <message>
        <source>the other value of {field} cannot be put back here: edit it where it is made, or keep the current value</source>
        <translation>không thể đặt lại giá trị kia của {field} ở đây: hãy sửa ở nơi tạo ra nó, hoặc giữ giá trị hiện tại</translation>
    </message>
    <message>
        <source>no {entity} with id {id}</source>
        <translation>không có {entity} nào mang mã {id}</translation>
    </message>
    <message>
        <source>this relay item belongs to the province and cannot be changed here</source>
        <translation>mục tiếp sóng này thuộc về tỉnh, không sửa được ở đây</translation>
    </message>
    <message>
        <source>this bulletin belongs to the province and cannot be changed here</source>
        <translation>bản tin này thuộc về tỉnh, không thể sửa tại đài</translation>
    </message>
    <message>
        <source>a station service is already running for {path} (process {pid})</source>
        <translation>dịch vụ của đài đang chạy cho {path} (tiến trình {pid})</translation>
    </message>
    <message>
        <source>the service does not know “{op}”</source>
        <translation>dịch vụ không biết lệnh “{op}”</translation>
    </message>
    <message>
        <source>a command to the service must say which user sends it</source>
        <translation>lệnh gửi dịch vụ phải nói người dùng nào gửi</translation>
    </message>
    <message>
        <source>the account {name} is disabled</source>
        <translation>tài khoản {name} đã bị khóa</translation>
    </message>
    <message>
        <source>the station service did not start ({reason})</source>
        <translation>dịch vụ trạm không khởi động được ({reason})</translation>
    </message>
    <message>
        <source>“{title}” cannot be deleted: it is in the approved schedule {schedule}</source>
        <translation>Không thể xóa “{title}”: mục này nằm trong lịch đã duyệt {schedule}</translation>
    </message>
    <message>
        <source>“{title}” cannot be deleted: it is in the published schedule {schedule}</source>
        <translation>Không thể xóa “{title}”: mục này nằm trong lịch đã phát hành {schedule}</translation>
    </message>
    <message>
        <source>unknown time zone: {zone}</source>
        <translation>múi giờ không xác định: {zone}</translation>
    </message>
    <message>
        <source>give the station a name</source>
        <translation>hãy đặt tên cho đài</translation>
    </message>
    <message>
        <source>a station name is at most {n} characters</source>
        <translation>tên đài dài tối đa {n} ký tự</translation>
    </message>
    <message>
        <source>{name} has no sessions to import</source>
        <translation>{name} không có buổi phát nào để nhập</translation>
    </message>
    <message>
        <source>{name} was not imported, nothing of it was saved: {count} of its rows have problems</source>
        <translation>{name} chưa được nhập, không có gì được lưu: {count} dòng trong tệp có lỗi</translation>
    </message>
    <message>
        <source>{name} says no week and none of its dates can be read</source>
        <translation>{name} không ghi tuần và không đọc được ngày nào trong tệp</translation>
    </message>
    <message>
        <source>a session needs its date</source>
        <translation>buổi phát cần có ngày</translation>
    </message>
    <message>
        <source>a session needs its start time (HH:MM)</source>
        <translation>buổi phát cần có giờ bắt đầu (HH:MM)</translation>
    </message>
    <message>
        <source>“{title}” says nothing to play: give an item, a text or a relay</source>
        <translation>“{title}” không có gì để phát: hãy ghi mục thư viện, nội dung hoặc nguồn tiếp sóng</translation>
    </message>
    <message>
        <source>a slot needs an item, a title and text, or a relay</source>
        <translation>mỗi mục phát cần một mục thư viện, một tiêu đề kèm nội dung, hoặc một nguồn tiếp sóng</translation>
    </message>
    <message>
        <source>a slot plays one thing: it has {fields}</source>
        <translation>mỗi mục phát chỉ phát một thứ: dòng này có {fields}</translation>
    </message>
    <message>
        <source>the item {id} is in the bin</source>
        <translation>mục {id} đang ở thùng rác</translation>
    </message>
    <message>
        <source>{count} items are titled “{title}”: give the item&apos;s id</source>
        <translation>có {count} mục cùng tiêu đề “{title}”: hãy ghi mã của mục</translation>
    </message>
    <message>
        <source>the library has no item with the id or title “{value}”</source>
        <translation>thư viện không có mục nào có mã hoặc tiêu đề “{value}”</translation>
    </message>
    <message>
        <source>a draft schedule for {start} – {end} exists already: replace it, or import into another week</source>
        <translation>đã có bản nháp lịch phát sóng {start} – {end}: hãy thay thế bản nháp đó, hoặc nhập vào tuần khác</translation>
    </message>
    <message>
        <source>the schedule for {start} – {end} is {status}: an import never replaces it</source>
        <translation>lịch phát sóng {start} – {end} đang ở trạng thái {status}: nhập từ tệp không bao giờ thay thế lịch này</translation>
    </message>
    <message>
        <source>row {row}: {reason}</source>
        <translation>dòng {row}: {reason}</translation>
    </message>
    <message>
        <source>session {session}, slot {slot}: {reason}</source>
        <translation>buổi {session}, mục {slot}: {reason}</translation>
    </message>
    <message>
        <source>session {session}: {reason}</source>
        <translation>buổi {session}: {reason}</translation>
    </message>
    <message>
        <source>cannot read {name}: {reason}</source>
        <translation>không đọc được {name}: {reason}</translation>
    </message>
    <message>
        <source>{name} is too large for a week&apos;s schedule ({size} MB; at most {max} MB)</source>
        <translation>{name} quá lớn cho lịch một tuần ({size} MB; tối đa {max} MB)</translation>
    </message>
    <message>
        <source>{name} is not a JSON schedule: {reason}</source>
        <translation>{name} không phải lịch phát sóng dạng JSON: {reason}</translation>
    </message>
    <message>
        <source>{name} is not a schedule: it needs “week” and a list of “sessions”</source>
        <translation>{name} không phải lịch phát sóng: cần có “week” và danh sách “sessions”</translation>
    </message>
    <message>
        <source>a session must be an object with date, start, title and slots</source>
        <translation>mỗi buổi phát phải là một đối tượng có date, start, title và slots</translation>
    </message>
    <message>
        <source>“slots” must be a list</source>
        <translation>“slots” phải là một danh sách</translation>
    </message>
    <message>
        <source>a slot must be an object with “item”, with “title” and “text”, or with “relay”</source>
        <translation>mỗi mục phát phải là một đối tượng có “item”, có “title” và “text”, hoặc có “relay”</translation>
    </message>
    <message>
        <source>{name} is not an Excel workbook (.xlsx): {reason}</source>
        <translation>{name} không phải tệp Excel (.xlsx): {reason}</translation>
    </message>
    <message>
        <source>{name} has more than {max} rows: that is not one week&apos;s schedule</source>
        <translation>{name} có hơn {max} dòng: đó không phải lịch của một tuần</translation>
    </message>
    <message>
        <source>the first row of {name} must name the columns: date, start, session, item, title, text, relay</source>
        <translation>dòng đầu của {name} phải ghi tên các cột: ngày, bắt đầu, buổi, mục, tiêu đề, nội dung, tiếp sóng</translation>
    </message>
    <message>
        <source>the first row needs a date and a start time</source>
        <translation>dòng đầu tiên cần có ngày và giờ bắt đầu</translation>
    </message>
    <message>
        <source>{name} is empty</source>
        <translation>{name} trống</translation>
    </message>
    <message>
        <source>not a length in seconds or m:ss: {value}</source>
        <translation>không phải độ dài tính bằng giây hoặc m:ss: {value}</translation>
    </message>
    <message>
        <source>this account has no signing key yet: log in once with its password</source>
        <translation>tài khoản này chưa có khóa ký: hãy đăng nhập một lần bằng mật khẩu của tài khoản</translation>
    </message>
    <message>
        <source>the password does not unlock the signing key: nothing was signed</source>
        <translation>mật khẩu không mở được khóa ký: chưa ký gì cả</translation>
    </message>
    <message>
        <source>signing needs your password: log in with it first</source>
        <translation>cần mật khẩu của bạn để ký: hãy đăng nhập bằng mật khẩu trước</translation>
    </message>
    <message>
        <source>a relay rule&apos;s hours must be more than 0 and at most {hours}</source>
        <translation>số giờ của quy tắc tiếp sóng phải lớn hơn 0 và không quá {hours}</translation>
    </message>
    <message>
        <source>not a relay rule: {value} (use newest, after HH:MM, within N h, title TEXT, joined with ;)</source>
        <translation>không phải quy tắc tiếp sóng: {value} (dùng newest, after HH:MM, within N h, title VĂN BẢN, nối bằng ;)</translation>
    </message>
    <message>
        <source>the largest relay episode must be between 1 and {most} MB</source>
        <translation>dung lượng tối đa của một kỳ tiếp sóng phải từ 1 đến {most} MB</translation>
    </message>
    <message>
        <source>the CA file {path} does not exist</source>
        <translation>tệp CA {path} không tồn tại</translation>
    </message>
    <message>
        <source>the CA file {path} holds no usable certificate: {reason}</source>
        <translation>tệp CA {path} không chứa chứng chỉ dùng được: {reason}</translation>
    </message>
</context>
<context>
    <name>media</name>
    <message>
        <source>{name} is incomplete: its index (moov atom) is missing, usually because a download or recording stopped early</source>
        <translation>{name} chưa hoàn chỉnh: thiếu phần chỉ mục (moov atom), thường do tải xuống hoặc ghi âm bị dừng giữa chừng</translation>
    </message>
    <message>
        <source>{name} is not a media file that ffmpeg can read: {reason}</source>
        <translation>{name} không phải tệp âm thanh/video mà ffmpeg đọc được: {reason}</translation>
    </message>
    <message>
        <source>{name} has no audio stream (streams found: {streams})</source>
        <translation>{name} không có luồng âm thanh (các luồng tìm thấy: {streams})</translation>
    </message>
    <message>
        <source>{name} holds no readable audio (ffmpeg sees: {detail}); it is damaged or not really {container}</source>
        <translation>{name} không có âm thanh đọc được (ffmpeg thấy: {detail}); tệp bị hỏng hoặc không thực sự là {container}</translation>
    </message>
    <message>
        <source>{path} does not exist</source>
        <translation>{path} không tồn tại</translation>
    </message>
    <message>
        <source>{path} is not a file</source>
        <translation>{path} không phải là tệp</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes)</source>
        <translation>{name} rỗng (0 byte)</translation>
    </message>
    <message>
        <source>{name} is truncated: its header promises {declared:.1f} s of audio but the file holds only {decoded:.1f} s</source>
        <translation>{name} bị cắt cụt: phần đầu tệp ghi {declared:.1f} giây âm thanh nhưng tệp chỉ chứa {decoded:.1f} giây</translation>
    </message>
    <message>
        <source>ffmpeg could not decode {name}: {reason}</source>
        <translation>ffmpeg không giải mã được {name}: {reason}</translation>
    </message>
    <message>
        <source>{name} holds no decodable audio ({reason})</source>
        <translation>{name} không có âm thanh giải mã được ({reason})</translation>
    </message>
    <message>
        <source>{name} is truncated: it declares {declared:.1f} s of audio but only {decoded:.1f} s could be decoded</source>
        <translation>{name} bị cắt cụt: tệp ghi {declared:.1f} giây âm thanh nhưng chỉ giải mã được {decoded:.1f} giây</translation>
    </message>
    <message>
        <source>not a stream address (http://, https://, rtmp://, rtsp://): {url}</source>
        <translation>không phải địa chỉ luồng phát (http://, https://, rtmp://, rtsp://): {url}</translation>
    </message>
    <message>
        <source>the stream server answered HTTP {status} ({reason}) for {url}</source>
        <translation>máy chủ luồng phát trả lời HTTP {status} ({reason}) cho {url}</translation>
    </message>
    <message>
        <source>cannot connect to the stream {url}: {reason}</source>
        <translation>không kết nối được với luồng phát {url}: {reason}</translation>
    </message>
    <message>
        <source>the stream {url} sent nothing for {seconds} s</source>
        <translation>luồng phát {url} không gửi dữ liệu trong {seconds} giây</translation>
    </message>
    <message>
        <source>{url} is a web page or text ({kind}), not an audio stream</source>
        <translation>{url} là trang web hoặc văn bản ({kind}), không phải luồng âm thanh</translation>
    </message>
    <message>
        <source>no audio arrived from {url} before the deadline ({reason})</source>
        <translation>không nhận được âm thanh từ {url} trước thời hạn ({reason})</translation>
    </message>
    <message>
        <source>{url} sends data that is not audio ({reason})</source>
        <translation>{url} gửi dữ liệu không phải âm thanh ({reason})</translation>
    </message>
    <message>
        <source>there is no audio input on this computer</source>
        <translation>máy tính này không có đầu vào âm thanh nào</translation>
    </message>
    <message>
        <source>no audio input named &apos;{device}&apos;; available: {available}</source>
        <translation>không có đầu vào âm thanh nào tên &apos;{device}&apos;; hiện có: {available}</translation>
    </message>
    <message>
        <source>{device} cannot record {rate} Hz with {channels} channel(s) (it offers {low}..{high} Hz, up to {most} channels)</source>
        <translation>{device} không thu được {rate} Hz với {channels} kênh (thiết bị hỗ trợ {low}..{high} Hz, tối đa {most} kênh)</translation>
    </message>
    <message>
        <source>the audio input {device} cannot be opened (busy or refused by the system)</source>
        <translation>không mở được đầu vào âm thanh {device} (đang bận hoặc bị hệ thống từ chối)</translation>
    </message>
    <message>
        <source>cannot write the take to {path}: {reason}</source>
        <translation>không ghi được bản thu vào {path}: {reason}</translation>
    </message>
    <message>
        <source>the audio input {device} went away after {seconds} s; the take so far is kept</source>
        <translation>đầu vào âm thanh {device} bị ngắt sau {seconds} giây; phần đã thu vẫn được giữ lại</translation>
    </message>
    <message>
        <source>the render failed ({what}): {reason}</source>
        <translation>kết xuất thất bại ({what}): {reason}</translation>
    </message>
    <message>
        <source>the render could not reach {target:.1f} LUFS with a true peak under {limit:.1f} dBTP (got {got:.1f} LUFS, {peak:.1f} dBTP)</source>
        <translation>kết xuất không đạt được {target:.1f} LUFS với đỉnh thực dưới {limit:.1f} dBTP (đạt {got:.1f} LUFS, {peak:.1f} dBTP)</translation>
    </message>
    <message>
        <source>the disk holding {path} is full: the take stopped after {seconds} s and what was recorded is kept</source>
        <translation>ổ đĩa chứa {path} đã đầy: bản thu dừng sau {seconds} giây và phần đã thu vẫn được giữ lại</translation>
    </message>
    <message>
        <source>the take in {path} has no readable header: {reason}</source>
        <translation>bản thu trong {path} không có phần đầu tệp đọc được: {reason}</translation>
    </message>
    <message>
        <source>the take in {path} has a header this version cannot read</source>
        <translation>bản thu trong {path} có phần đầu tệp mà phiên bản này không đọc được</translation>
    </message>
    <message>
        <source>the disk holding {path} is full: there is no room to save the take of {seconds} s; its recording is kept</source>
        <translation>ổ đĩa chứa {path} đã đầy: không còn chỗ để lưu bản thu dài {seconds} giây; phần đã thu vẫn được giữ lại</translation>
    </message>
    <message>
        <source>nothing was recorded from {device}</source>
        <translation>không thu được gì từ {device}</translation>
    </message>
    <message>
        <source>the take&apos;s journal {path} is missing</source>
        <translation>nhật ký bản thu {path} bị mất</translation>
    </message>
</context>
<context>
    <name>operations</name>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Cancel “{0}”? What it has not finished is not kept.</source>
        <translation>Hủy “{0}”? Phần chưa xong sẽ không được giữ.</translation>
    </message>
</context>
<context>
    <name>playout</name>
    <message>
        <source>declared by the province, on air now</source>
        <translation>do tỉnh ban bố, đang phát</translation>
    </message>
    <message>
        <source>declared at the station, on air now</source>
        <translation>do đài ban bố, đang phát</translation>
    </message>
    <message>
        <source>no stream address</source>
        <translation>chưa có địa chỉ luồng phát</translation>
    </message>
    <message>
        <source>the bulletin is not spoken yet</source>
        <translation>bản tin chưa được đọc thành giọng nói</translation>
    </message>
    <message>
        <source>the programme is not rendered</source>
        <translation>chương trình chưa được kết xuất</translation>
    </message>
    <message>
        <source>the relay is not downloaded</source>
        <translation>chương trình tiếp sóng chưa được tải về</translation>
    </message>
    <message>
        <source>no relay episode matches the slot&apos;s rule</source>
        <translation>không có số phát tiếp sóng nào khớp quy tắc của ô</translation>
    </message>
    <message>
        <source>relay: no feed or episode named {ref}</source>
        <translation>tiếp sóng: không có nguồn hay số phát nào tên {ref}</translation>
    </message>
    <message>
        <source>relay: no episode of {feed} has arrived</source>
        <translation>tiếp sóng: chưa nhận được số phát nào của {feed}</translation>
    </message>
    <message>
        <source>relay: no episode of {feed} published after {after} {day}</source>
        <translation>tiếp sóng: không có số phát nào của {feed} đăng sau {after} ngày {day}</translation>
    </message>
    <message>
        <source>relay: no episode of {feed} published in the {hours} hours before {time} {day}</source>
        <translation>tiếp sóng: không có số phát nào của {feed} đăng trong {hours} giờ trước {time} ngày {day}</translation>
    </message>
    <message>
        <source>relay: no episode of {feed} matches “{rule}”</source>
        <translation>tiếp sóng: không có số phát nào của {feed} khớp quy tắc “{rule}”</translation>
    </message>
    <message>
        <source>relay: “{title}” of {feed} is not fully downloaded</source>
        <translation>tiếp sóng: “{title}” của {feed} chưa tải xong</translation>
    </message>
    <message>
        <source>no media file</source>
        <translation>không có tệp âm thanh/video</translation>
    </message>
</context>
<context>
    <name>recording</name>
    <message>
        <source>Recording started: %1</source>
        <translation>Bắt đầu thu: %1</translation>
    </message>
    <message>
        <source>Recording saved to the library: %1</source>
        <translation>Đã lưu bản thu vào thư viện: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>đã hủy</translation>
    </message>
    <message>
        <source>Recording failed: %1 (%2)</source>
        <translation>Thu âm thất bại: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>Editor</source>
        <translation>Biên tập viên</translation>
    </message>
    <message>
        <source>Station chief</source>
        <translation>Trưởng đài</translation>
    </message>
    <message>
        <source>Archivist</source>
        <translation>Lưu trữ viên</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Quản trị viên</translation>
    </message>
</context>
<context>
    <name>schedule</name>
    <message>
        <source>the schedule has not been approved</source>
        <translation>lịch phát sóng chưa được duyệt</translation>
    </message>
    <message>
        <source>the seal does not match the approved content, approver and time</source>
        <translation>dấu niêm phong không khớp với nội dung, người duyệt và thời điểm duyệt</translation>
    </message>
    <message>
        <source>the schedule or its media changed after approval</source>
        <translation>lịch phát sóng hoặc tư liệu của nó đã bị thay đổi sau khi duyệt</translation>
    </message>
    <message>
        <source>the audit log has no approval with this seal</source>
        <translation>nhật ký kiểm toán không có lần duyệt nào với dấu niêm phong này</translation>
    </message>
    <message>
        <source>the audit log&apos;s chain is broken</source>
        <translation>chuỗi nhật ký kiểm toán bị phá vỡ</translation>
    </message>
    <message>
        <source>the approval is not signed</source>
        <translation>phê duyệt chưa được ký</translation>
    </message>
    <message>
        <source>the approver&apos;s signature does not match</source>
        <translation>chữ ký của người phê duyệt không khớp</translation>
    </message>
    <message>
        <source>the signature was not made with the approver&apos;s key</source>
        <translation>chữ ký không được tạo bằng khóa của người phê duyệt</translation>
    </message>
    <message>
        <source>what was signed is not this schedule&apos;s approval</source>
        <translation>nội dung đã ký không phải là phê duyệt của lịch này</translation>
    </message>
    <message>
        <source>a file the schedule airs changed after approval</source>
        <translation>một tệp mà lịch phát đã thay đổi sau khi phê duyệt</translation>
    </message>
    <message>
        <source>a file the schedule airs is missing</source>
        <translation>thiếu một tệp mà lịch sẽ phát</translation>
    </message>
    <message>
        <source>the sessions of {day} at {first} and at {second} overlap</source>
        <translation>các buổi phát ngày {day} lúc {first} và lúc {second} chồng lên nhau</translation>
    </message>
    <message>
        <source>the session of {day} at {time} is empty</source>
        <translation>buổi phát ngày {day} lúc {time} chưa có nội dung</translation>
    </message>
    <message>
        <source>the session of {day} at {time} over-runs by {over}</source>
        <translation>buổi phát ngày {day} lúc {time} vượt quá {over}</translation>
    </message>
    <message>
        <source>the session of {day} at {time} has {gap} of dead air at its end</source>
        <translation>buổi phát ngày {day} lúc {time} bị trống {gap} ở cuối</translation>
    </message>
    <message>
        <source>the relay “{title}” names “{ref}”: no feed or episode received here has that name</source>
        <translation>ô tiếp sóng “{title}” ghi “{ref}”: đài không nhận nguồn hay số phát nào có tên đó</translation>
    </message>
    <message>
        <source>no episode of {feed} matching “{rule}” has arrived for the relay “{title}”; it was needed at {time} on {day}</source>
        <translation>chưa có số phát nào của {feed} khớp “{rule}” cho ô tiếp sóng “{title}”; cần phát lúc {time} ngày {day}</translation>
    </message>
    <message>
        <source>no episode of {feed} matching “{rule}” has arrived yet for the relay “{title}”; it is needed by {time} on {day}</source>
        <translation>chưa có số phát nào của {feed} khớp “{rule}” cho ô tiếp sóng “{title}”; cần có trước {time} ngày {day}</translation>
    </message>
    <message>
        <source>the relay “{title}” is not downloaded; it was needed at {time} on {day}</source>
        <translation>chương trình tiếp sóng “{title}” chưa được tải về; cần có lúc {time} ngày {day}</translation>
    </message>
    <message>
        <source>the relay “{title}” is not downloaded yet; it is needed by {time} on {day}</source>
        <translation>chương trình tiếp sóng “{title}” chưa được tải về; cần có trước {time} ngày {day}</translation>
    </message>
    <message>
        <source>“{title}” ({day} {time}): its library item was deleted</source>
        <translation>“{title}” ({day} {time}): tư liệu trong thư viện đã bị xóa</translation>
    </message>
    <message>
        <source>the programme “{title}” ({day} {time}) has not been rendered</source>
        <translation>chương trình “{title}” ({day} {time}) chưa được kết xuất</translation>
    </message>
    <message>
        <source>the programme “{title}” changed after it was rendered: render it again to air the changes</source>
        <translation>chương trình “{title}” đã thay đổi sau khi kết xuất: hãy kết xuất lại để phát phần thay đổi</translation>
    </message>
    <message>
        <source>“{title}” is a text: it has no duration until it is spoken (about {estimate})</source>
        <translation>“{title}” là văn bản: chưa có thời lượng cho đến khi được đọc (khoảng {estimate})</translation>
    </message>
    <message>
        <source>“{title}” ({day} {time}) has no media file</source>
        <translation>“{title}” ({day} {time}) không có tệp âm thanh/video</translation>
    </message>
    <message>
        <source>the media file of “{title}” is missing or damaged in the store: run &apos;station verify&apos;</source>
        <translation>tệp của “{title}” bị mất hoặc hỏng trong kho: hãy chạy &apos;station verify&apos;</translation>
    </message>
    <message>
        <source>“{title}” has not been analysed: its duration and loudness are unknown</source>
        <translation>“{title}” chưa được phân tích: chưa rõ thời lượng và độ lớn</translation>
    </message>
    <message>
        <source>“{title}” lasts {duration}, longer than its slot ({slot})</source>
        <translation>“{title}” dài {duration}, dài hơn mục phát ({slot})</translation>
    </message>
    <message>
        <source>“{title}” airs at {lufs} LUFS, outside {target} ± {tolerance} LU</source>
        <translation>“{title}” phát ở mức {lufs} LUFS, ngoài khoảng {target} ± {tolerance} LU</translation>
    </message>
    <message>
        <source>the session of {day} at {time} lasts {minutes} minutes; the rule allows {limit} ({rule})</source>
        <translation>buổi phát ngày {day} lúc {time} dài {minutes} phút; quy định cho phép {limit} ({rule})</translation>
    </message>
    <message>
        <source>{day} has {count} sessions; the rule allows {min} to {max} ({rule})</source>
        <translation>ngày {day} có {count} buổi phát; quy định cho phép từ {min} đến {max} ({rule})</translation>
    </message>
    <message>
        <source>the week of {day} has sessions on {count} days; the rule allows {max} ({rule})</source>
        <translation>tuần có ngày {day} có buổi phát trong {count} ngày; quy định cho phép {max} ({rule})</translation>
    </message>
    <message>
        <source>the session of {day} at {time} falls in the quiet hours {start}–{end} ({rule})</source>
        <translation>buổi phát ngày {day} lúc {time} rơi vào giờ yên tĩnh {start}–{end} ({rule})</translation>
    </message>
    <message>
        <source>“{name}” must air {times} time(s) each broadcast day; {where} has it {count} time(s)</source>
        <translation>“{name}” phải phát {times} lần mỗi ngày phát sóng; {where} có {count} lần</translation>
    </message>
    <message>
        <source>“{name}” must air {times} time(s) in the schedule from {where}; it has it {count} time(s)</source>
        <translation>“{name}” phải phát {times} lần trong lịch từ {where}; hiện có {count} lần</translation>
    </message>
    <message>
        <source>“{name}” must air {times} time(s) in each session; the session of {where} has it {count} time(s)</source>
        <translation>“{name}” phải phát {times} lần trong mỗi buổi phát; buổi phát {where} có {count} lần</translation>
    </message>
    <message>
        <source>no readable time of airing: {value}</source>
        <translation>không đọc được thời điểm phát: {value}</translation>
    </message>
    <message>
        <source>not a duration: {value}</source>
        <translation>không phải thời lượng: {value}</translation>
    </message>
    <message>
        <source>the line says nothing about what aired</source>
        <translation>dòng này không cho biết đã phát gì</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>cannot write the bundle to {folder}: {reason}</source>
        <translation>không ghi được gói vào {folder}: {reason}</translation>
    </message>
    <message>
        <source>this bundle is for the station “{name}”, not this one; nothing was applied</source>
        <translation>gói này dành cho đài “{name}”, không phải đài này; chưa áp dụng gì</translation>
    </message>
    <message>
        <source>the file {name} of the bundle is damaged (its SHA-256 differs); nothing was applied</source>
        <translation>tệp {name} trong gói bị hỏng (mã SHA-256 không khớp); chưa áp dụng gì</translation>
    </message>
    <message>
        <source>the file {sha256} changed while it was being copied; export again</source>
        <translation>tệp {sha256} bị thay đổi trong khi đang sao chép; hãy xuất lại</translation>
    </message>
    <message>
        <source>the bundle names a file outside its folder ({name}); nothing was applied</source>
        <translation>gói trỏ tới một tệp nằm ngoài thư mục của gói ({name}); chưa áp dụng gì</translation>
    </message>
    <message>
        <source>{folder} holds no finished bundle (no {manifest}): export it again</source>
        <translation>{folder} không chứa gói hoàn chỉnh (thiếu {manifest}): hãy xuất lại</translation>
    </message>
    <message>
        <source>the bundle&apos;s manifest is damaged or of another kind</source>
        <translation>tệp kê khai của gói bị hỏng hoặc thuộc loại khác</translation>
    </message>
    <message>
        <source>this bundle goes the other way (it was made for the hub); nothing was applied</source>
        <translation>gói này đi theo chiều ngược lại (nó được tạo cho máy chủ tỉnh); chưa áp dụng gì</translation>
    </message>
    <message>
        <source>this bundle goes the other way (it was made for a station); nothing was applied</source>
        <translation>gói này đi theo chiều ngược lại (nó được tạo cho một đài); chưa áp dụng gì</translation>
    </message>
    <message>
        <source>the file {name} of the bundle is incomplete or damaged; copy the bundle again</source>
        <translation>tệp {name} trong gói chưa hoàn chỉnh hoặc bị hỏng; hãy sao chép lại gói</translation>
    </message>
    <message>
        <source>the file {name} of the bundle is incomplete or missing; copy the bundle again</source>
        <translation>tệp {name} trong gói chưa hoàn chỉnh hoặc bị thiếu; hãy sao chép lại gói</translation>
    </message>
    <message>
        <source>the sync was cancelled</source>
        <translation>đã hủy đồng bộ</translation>
    </message>
    <message>
        <source>{count} changes still wait to be sent</source>
        <translation>còn {count} thay đổi đang chờ gửi</translation>
    </message>
    <message>
        <source>JSON of another kind</source>
        <translation>dữ liệu JSON của loại khác</translation>
    </message>
    <message>
        <source>an audit anchor answer without an anchor</source>
        <translation>một câu trả lời về mốc nhật ký kiểm tra không có mốc</translation>
    </message>
    <message>
        <source>the hub found this station&apos;s audit log changed since the last sync: {reason}</source>
        <translation>máy chủ tỉnh phát hiện nhật ký kiểm tra của đài đã bị thay đổi kể từ lần đồng bộ trước: {reason}</translation>
    </message>
    <message>
        <source>this computer&apos;s clock is {minutes} minutes behind the hub&apos;s; sync corrects for it, but set the clock right</source>
        <translation>đồng hồ máy tính này chậm hơn máy chủ {minutes} phút; đồng bộ đã tự bù trừ, nhưng hãy chỉnh lại giờ cho đúng</translation>
    </message>
    <message>
        <source>this computer&apos;s clock is {minutes} minutes ahead of the hub&apos;s; sync corrects for it, but set the clock right</source>
        <translation>đồng hồ máy tính này nhanh hơn máy chủ {minutes} phút; đồng bộ đã tự bù trừ, nhưng hãy chỉnh lại giờ cho đúng</translation>
    </message>
    <message>
        <source>a mutations answer that does not match the request</source>
        <translation>câu trả lời về thay đổi không khớp với yêu cầu</translation>
    </message>
    <message>
        <source>results for other mutations</source>
        <translation>kết quả của những thay đổi khác</translation>
    </message>
    <message>
        <source>the hub refused a change to {entity} {id}: {reason}</source>
        <translation>máy chủ từ chối thay đổi đối với {entity} {id}: {reason}</translation>
    </message>
    <message>
        <source>a change from the hub could not be stored here: {reason}</source>
        <translation>không lưu được thay đổi từ máy chủ vào máy này: {reason}</translation>
    </message>
    <message>
        <source>an assets:check answer without &apos;missing&apos;</source>
        <translation>câu trả lời assets:check thiếu &apos;missing&apos;</translation>
    </message>
    <message>
        <source>a change page without changes or cursor</source>
        <translation>một trang thay đổi thiếu danh sách thay đổi hoặc con trỏ</translation>
    </message>
    <message>
        <source>a snapshot without entities</source>
        <translation>một bản chụp không có dữ liệu</translation>
    </message>
    <message>
        <source>the hub asked for a full resync; it was done</source>
        <translation>máy chủ yêu cầu đồng bộ lại toàn bộ; đã thực hiện xong</translation>
    </message>
    <message>
        <source>a malformed change</source>
        <translation>một thay đổi sai định dạng</translation>
    </message>
    <message>
        <source>unexpected error: {reason}</source>
        <translation>lỗi không mong muốn: {reason}</translation>
    </message>
    <message>
        <source>media uploads wait while the session “{title}” is on air (until {end}); changes still go up</source>
        <translation>tạm ngừng tải tệp lên trong khi buổi phát “{title}” đang phát sóng (đến {end}); các thay đổi vẫn được gửi lên</translation>
    </message>
    <message>
        <source>media uploads wait for the upload hours ({hours}); changes still go up</source>
        <translation>việc tải tệp lên đang chờ đến giờ được phép tải lên ({hours}); các thay đổi vẫn được gửi lên</translation>
    </message>
    <message>
        <source>the hub knows no station “{name}”; nothing was applied</source>
        <translation>máy chủ không có đài nào tên “{name}”; chưa áp dụng gì</translation>
    </message>
    <message>
        <source>the upload kept being cut</source>
        <translation>việc tải lên liên tục bị ngắt</translation>
    </message>
    <message>
        <source>{url} was refused: the server answered HTTP {status}</source>
        <translation>{url} bị từ chối: máy chủ trả lời HTTP {status}</translation>
    </message>
    <message>
        <source>{url} was refused: it is larger than the {size} bytes announced</source>
        <translation>{url} bị từ chối: dữ liệu lớn hơn {size} byte đã báo trước</translation>
    </message>
    <message>
        <source>{url} was refused: it is larger than the {size} bytes allowed</source>
        <translation>{url} bị từ chối: tệp lớn hơn {size} byte cho phép</translation>
    </message>
    <message>
        <source>{url} was refused: only {have} of {size} bytes arrived before the deadline</source>
        <translation>{url} bị từ chối: chỉ nhận được {have} trên {size} byte trước thời hạn</translation>
    </message>
    <message>
        <source>{url} was refused: its content does not match its SHA-256</source>
        <translation>{url} bị từ chối: nội dung không khớp mã SHA-256</translation>
    </message>
    <message>
        <source>{url} was refused: a feed address starts with http:// or https://</source>
        <translation>{url} bị từ chối: địa chỉ nguồn tin phải bắt đầu bằng http:// hoặc https://</translation>
    </message>
    <message>
        <source>{url} was refused: the feed is not safe XML ({reason})</source>
        <translation>{url} bị từ chối: nguồn tin không phải XML an toàn ({reason})</translation>
    </message>
    <message>
        <source>{url} was refused: the feed is larger than {size} MB</source>
        <translation>{url} bị từ chối: nguồn tin lớn hơn {size} MB</translation>
    </message>
    <message>
        <source>{url} was refused: it cannot be read ({reason})</source>
        <translation>{url} bị từ chối: không đọc được ({reason})</translation>
    </message>
    <message>
        <source>{url} was refused: it is not an RSS or Atom feed</source>
        <translation>{url} bị từ chối: không phải nguồn tin RSS hoặc Atom</translation>
    </message>
    <message>
        <source>{url} was refused: the type {mime} is not audio, video or a picture</source>
        <translation>{url} bị từ chối: kiểu {mime} không phải âm thanh, video hay hình ảnh</translation>
    </message>
    <message>
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <source>the relay item “{title}” was not imported: {reason}</source>
        <translation>chương trình tiếp sóng “{title}” chưa được nhập: {reason}</translation>
    </message>
    <message>
        <source>the hub answered HTTP {status} (busy or failing)</source>
        <translation>máy chủ trả lời HTTP {status} (đang bận hoặc gặp lỗi)</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>không có trả lời</translation>
    </message>
    <message>
        <source>an HTML page</source>
        <translation>một trang HTML</translation>
    </message>
    <message>
        <source>a document of type ‘{type}’</source>
        <translation>một tài liệu loại ‘{type}’</translation>
    </message>
    <message>
        <source>JSON that does not parse</source>
        <translation>JSON không đọc được</translation>
    </message>
    <message>
        <source>the link stalled (no data moved)</source>
        <translation>đường truyền bị treo (không có dữ liệu di chuyển)</translation>
    </message>
    <message>
        <source>no connection</source>
        <translation>không có kết nối</translation>
    </message>
    <message>
        <source>the connection was cut</source>
        <translation>kết nối bị ngắt</translation>
    </message>
    <message>
        <source>{url} was refused: the feed declares {length} bytes, more than the {size} bytes allowed</source>
        <translation>{url} bị từ chối: nguồn khai báo {length} byte, nhiều hơn {size} byte cho phép</translation>
    </message>
    <message>
        <source>{url} was refused: it is a web page, not audio or video</source>
        <translation>{url} bị từ chối: đây là một trang web, không phải âm thanh hay video</translation>
    </message>
    <message>
        <source>{url} was refused: keep at least one episode</source>
        <translation>{url} bị từ chối: cần giữ ít nhất một kỳ</translation>
    </message>
    <message>
        <source>there is no relay feed {url}</source>
        <translation>không có nguồn tiếp sóng {url}</translation>
    </message>
    <message>
        <source>{url} is the province&apos;s feed: it comes with sync and cannot be removed here</source>
        <translation>{url} là nguồn của tỉnh: nó đến cùng đồng bộ và không thể bỏ ở đây</translation>
    </message>
    <message>
        <source>the hub&apos;s certificate is not trusted ({reason}); give the provincial CA with `station sync --ca-file FILE`</source>
        <translation>chứng chỉ của máy chủ tỉnh không được tin cậy ({reason}); hãy chỉ định chứng chỉ CA của tỉnh bằng `station sync --ca-file FILE`</translation>
    </message>
    <message>
        <source>the hub {url} is reached over plain HTTP: its token can be read on the way; use an https:// address (docs/hub-tls.md)</source>
        <translation>máy chủ tỉnh {url} được kết nối qua HTTP thường: mã thông báo có thể bị đọc trên đường truyền; hãy dùng địa chỉ https:// (docs/hub-tls.md)</translation>
    </message>
</context>
<context>
    <name>watch</name>
    <message>
        <source>Imported from the watched folder: %1</source>
        <translation>Đã nhập từ thư mục theo dõi: %1</translation>
    </message>
    <message>
        <source>Not imported: %1 (%2)</source>
        <translation>Chưa nhập: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>watchfolder</name>
    <message>
        <source>The file {name} was not imported.</source>
        <translation>Tệp {name} chưa được nhập.</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Lý do: {reason}</translation>
    </message>
    <message>
        <source>Time: {time}</source>
        <translation>Thời điểm: {time}</translation>
    </message>
    <message>
        <source>Fix the file, then put it back in the folder {folder} to import it again.</source>
        <translation>Hãy sửa tệp, rồi đặt lại vào thư mục {folder} để nhập lại.</translation>
    </message>
</context>
</TS>
