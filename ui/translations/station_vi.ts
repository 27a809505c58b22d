<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>ApprovalsPage</name>
    <message>
        <source>Approvals</source>
        <translation>Phê duyệt</translation>
    </message>
    <message>
        <source>No schedule is waiting for approval.</source>
        <translation>Không có lịch phát sóng nào đang chờ duyệt.</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Nhật ký kiểm toán</translation>
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
        <source>User</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Đối tượng</translation>
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
    <name>ItemsModel</name>
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
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Library</source>
        <translation>Thư viện</translation>
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
        <source>Station %1 — radio station suite for commune loudspeaker networks.</source>
        <translation>Station %1 — bộ phần mềm đài truyền thanh cho hệ thống loa truyền thanh cơ sở.</translation>
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
    <name>SchedulePage</name>
    <message>
        <source>Broadcast schedule</source>
        <translation>Lịch phát sóng</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Tuần này</translation>
    </message>
    <message>
        <source>No sessions</source>
        <translation>Chưa có buổi phát</translation>
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
        <source>Active</source>
        <translation>Hoạt động</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>tên đăng nhập</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>họ tên</translation>
    </message>
    <message>
        <source>password</source>
        <translation>mật khẩu</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Thêm người dùng</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <source>User added.</source>
        <translation>Đã thêm người dùng.</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>Đã đổi mật khẩu.</translation>
    </message>
</context>
<context>
    <name>StudioPage</name>
    <message>
        <source>Studio</source>
        <translation>Phòng thu</translation>
    </message>
    <message>
        <source>Text-to-speech bulletin: type or paste the text, choose a voice, and the spoken bulletin lands in the library.</source>
        <translation>Bản tin đọc tự động: nhập hoặc dán văn bản, chọn giọng đọc, bản tin đã đọc sẽ được lưu vào thư viện.</translation>
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
        <source>Bulletin text in Vietnamese</source>
        <translation>Nội dung bản tin bằng tiếng Việt</translation>
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
        <source>Text</source>
        <translation>Văn bản</translation>
    </message>
    <message>
        <source>Make the bulletin</source>
        <translation>Tạo bản tin</translation>
    </message>
    <message>
        <source>A bulletin needs a title and a text.</source>
        <translation>Bản tin cần có tiêu đề và nội dung.</translation>
    </message>
    <message>
        <source>Speaking the bulletin…</source>
        <translation>Đang đọc bản tin…</translation>
    </message>
    <message>
        <source>Added to the library: %1</source>
        <translation>Đã thêm vào thư viện: %1</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Sync</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <source>Not connected: no provincial hub is configured yet. Everything works offline; nothing waits to be sent.</source>
        <translation>Chưa kết nối: chưa cấu hình máy chủ của tỉnh. Mọi chức năng vẫn hoạt động khi không có mạng; không có gì đang chờ gửi.</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Địa chỉ máy chủ</translation>
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
        <source>cannot read the database {path}: {reason}</source>
        <translation>không đọc được cơ sở dữ liệu {path}: {reason}</translation>
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
        <source>the disk holding {path} is full</source>
        <translation>ổ đĩa chứa {path} đã đầy</translation>
    </message>
    <message>
        <source>cannot write the database {path}: {reason}</source>
        <translation>không ghi được cơ sở dữ liệu {path}: {reason}</translation>
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
        <source>your role ({role}) does not allow this: {right}</source>
        <translation>vai trò của bạn ({role}) không được phép thực hiện việc này: {right}</translation>
    </message>
    <message>
        <source>cannot write to the media store: {reason}</source>
        <translation>không ghi được vào kho tư liệu: {reason}</translation>
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
        <source>ffmpeg failed: {reason}</source>
        <translation>ffmpeg gặp lỗi: {reason}</translation>
    </message>
    <message>
        <source>file error: {reason}</source>
        <translation>lỗi tệp: {reason}</translation>
    </message>
    <message>
        <source>unexpected error: {reason}</source>
        <translation>lỗi không mong muốn: {reason}</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Station</translation>
    </message>
</context>
<context>
    <name>operations</name>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
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
</TS>
