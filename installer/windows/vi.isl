; Vietnamese texts for Station's setup (installer/station.iss), written for this project.
; Messages not listed here come from Inno Setup's English Default.isl, or from the community
; Vietnamese.isl when it is installed (see station.iss). Saved as UTF-8 with a BOM, which
; Inno Setup needs to read non-ASCII text.

[LangOptions]
LanguageName=Tiếng Việt
LanguageID=$042A
LanguageCodePage=0

[Messages]
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1
InformationTitle=Thông tin
ConfirmTitle=Xác nhận
ErrorTitle=Lỗi
SetupAppRunningError=%1 đang chạy.%n%nHãy đóng mọi cửa sổ của chương trình, rồi bấm Đồng ý để tiếp tục, hoặc Hủy để thoát.
UninstallAppRunningError=%1 đang chạy.%n%nHãy đóng mọi cửa sổ của chương trình, rồi bấm Đồng ý để tiếp tục, hoặc Hủy để thoát.
PrivilegesRequiredOverrideInstruction=Chọn cách cài đặt
PrivilegesRequiredOverrideTaskDialogText2=%1 có thể cài cho riêng bạn, hoặc cho mọi người dùng máy này (cần quyền quản trị).
PrivilegesRequiredOverrideMsgBoxText2=%1 có thể cài cho riêng bạn (nên chọn), hoặc cho mọi người dùng máy này (cần quyền quản trị).%n%nCài cho riêng bạn?
PrivilegesRequiredOverrideAllUsers=Cài cho &mọi người dùng
PrivilegesRequiredOverrideCurrentUser=Cài cho &riêng tôi
PrivilegesRequiredOverrideRecommended=%1 (nên chọn)
ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Việc cài đặt chưa xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nCó thể chạy lại trình cài đặt vào lúc khác.%n%nThoát cài đặt?
ButtonBack=< &Quay lại
ButtonNext=&Tiếp theo >
ButtonInstall=&Cài đặt
ButtonOK=Đồng ý
ButtonCancel=Hủy
ButtonYes=&Có
ButtonYesToAll=Có với &tất cả
ButtonNo=&Không
ButtonNoToAll=K&hông với tất cả
ButtonFinish=&Hoàn tất
ButtonBrowse=&Chọn...
ButtonWizardBrowse=C&họn...
ButtonNewFolder=&Tạo thư mục mới
SelectLanguageTitle=Chọn ngôn ngữ cài đặt
SelectLanguageLabel=Chọn ngôn ngữ dùng trong lúc cài đặt:
ClickNext=Bấm Tiếp theo để tiếp tục, hoặc Hủy để thoát.
BrowseDialogTitle=Chọn thư mục
BrowseDialogLabel=Chọn một thư mục trong danh sách, rồi bấm Đồng ý.
NewFolderName=Thư mục mới
WelcomeLabel1=Chào mừng đến với trình cài đặt [name]
WelcomeLabel2=Trình này sẽ cài [name/ver] vào máy tính.%n%nNên đóng các ứng dụng khác trước khi tiếp tục.
WizardSelectDir=Chọn nơi cài đặt
SelectDirDesc=Cài [name] vào đâu?
SelectDirLabel3=[name] sẽ được cài vào thư mục sau.
SelectDirBrowseLabel=Bấm Tiếp theo để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
DiskSpaceMBLabel=Cần ít nhất [mb] MB dung lượng trống.
DirExistsTitle=Thư mục đã có
DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài vào thư mục này?
DirDoesntExistTitle=Thư mục chưa có
DirDoesntExist=Thư mục:%n%n%1%n%nchưa có. Tạo thư mục này?
WizardSelectTasks=Chọn việc làm thêm
SelectTasksDesc=Cần làm thêm những việc gì?
SelectTasksLabel2=Chọn những việc cần làm thêm khi cài [name], rồi bấm Tiếp theo.
WizardSelectProgramGroup=Chọn thư mục trong menu Start
SelectStartMenuFolderDesc=Đặt lối tắt của chương trình ở đâu?
SelectStartMenuFolderLabel3=Lối tắt của chương trình sẽ được tạo trong thư mục sau của menu Start.
SelectStartMenuFolderBrowseLabel=Bấm Tiếp theo để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
NoProgramGroupCheck2=&Không tạo thư mục trong menu Start
WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Đã sẵn sàng cài [name] vào máy tính.
ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại để xem lại các lựa chọn.
ReadyLabel2b=Bấm Cài đặt để bắt đầu.
ReadyMemoDir=Nơi cài đặt:
ReadyMemoGroup=Thư mục trong menu Start:
ReadyMemoTasks=Việc làm thêm:
WizardPreparing=Chuẩn bị cài đặt
PreparingDesc=Đang chuẩn bị cài [name] vào máy tính.
ApplicationsFound=Các ứng dụng sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng chúng.
CloseApplications=&Tự động đóng các ứng dụng này
DontCloseApplications=&Không đóng các ứng dụng này
WizardInstalling=Đang cài đặt
InstallingLabel=Vui lòng chờ trong lúc [name] được cài vào máy tính.
FinishedHeadingLabel=Hoàn tất cài đặt [name]
FinishedLabelNoIcons=[name] đã được cài vào máy tính.
FinishedLabel=[name] đã được cài vào máy tính. Có thể mở chương trình bằng các lối tắt vừa tạo.
ClickFinish=Bấm Hoàn tất để thoát.
RunEntryExec=Mở %1
StatusClosingApplications=Đang đóng các ứng dụng...
StatusCreateDirs=Đang tạo thư mục...
StatusExtractFiles=Đang chép tệp...
StatusCreateIcons=Đang tạo lối tắt...
StatusSavingUninstall=Đang lưu thông tin gỡ cài đặt...
StatusRunProgram=Đang hoàn tất cài đặt...
StatusRollback=Đang hoàn tác các thay đổi...
SetupAborted=Việc cài đặt chưa hoàn tất.%n%nHãy khắc phục sự cố rồi chạy lại trình cài đặt.
ConfirmUninstall=Gỡ %1 khỏi máy tính? Dữ liệu của đài (cơ sở dữ liệu, thư viện âm thanh, bản sao lưu) được giữ lại.
UninstallStatusLabel=Vui lòng chờ trong lúc %1 được gỡ khỏi máy tính.
UninstalledAll=Đã gỡ %1 khỏi máy tính.
UninstalledMost=Đã gỡ %1.%n%nMột số mục không gỡ được; có thể tự xóa chúng.
WizardUninstalling=Tình trạng gỡ cài đặt
StatusUninstalling=Đang gỡ %1...

[CustomMessages]
NameAndVersion=%1 phiên bản %2
AdditionalIcons=Lối tắt bổ sung:
CreateDesktopIcon=Tạo lối tắt trên &màn hình nền
UninstallProgram=Gỡ cài đặt %1
LaunchProgram=Mở %1
SelftestName=Kiểm tra cài đặt Station
DataKept=Dữ liệu của đài vẫn được giữ trong %1. Cài lại Station (cùng tài khoản Windows) sẽ dùng tiếp dữ liệu này.
