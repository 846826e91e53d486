; Windows installer of Khuyến công Desktop (NSIS 3, Unicode).
;
; Installs for the current user only (no administrator rights asked) into
; %LOCALAPPDATA%\Programs\KhuyenCong, with shortcuts in the Start menu and on the desktop.
; The data (database, backups, logs, the centre's own form wording) lives in %LOCALAPPDATA%\KhuyenCong,
; a different folder: neither an upgrade nor an uninstall touches it.
;
; Built by `python installer/build.py --installer`, which passes:
;   /DVERSION=0.1.0  /DSOURCE_DIR=<the PyInstaller folder>  /DOUTFILE=<the setup .exe>  /DICON=<.ico>

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "Thiếu /DVERSION=..."
!endif
!ifndef SOURCE_DIR
  !error "Thiếu /DSOURCE_DIR=... (thư mục do PyInstaller tạo)"
!endif
!ifndef OUTFILE
  !define OUTFILE "KhuyenCong-CaiDat-${VERSION}.exe"
!endif

!define APP_NAME "Khuyến công Desktop"
!define APP_EXE "KhuyenCong.exe"
!define REG_KEY "Software\KhuyenCong\Desktop"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\KhuyenCongDesktop"
; The data folder the program uses (platformdirs: %LOCALAPPDATA%\KhuyenCong): never installed into.
!define DATA_DIR "$LOCALAPPDATA\KhuyenCong"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\KhuyenCong"
InstallDirRegKey HKCU "${REG_KEY}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "FileDescription" "Cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Trung tâm Khuyến công"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ABORTWARNING
!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_WELCOMEPAGE_TITLE "Cài đặt ${APP_NAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "Chương trình sẽ cài ${APP_NAME} cho tài khoản Windows này (không cần quyền quản trị).$\r$\n$\r$\nNếu máy đã có phiên bản cũ, chương trình sẽ được nâng cấp; dữ liệu của Trung tâm (cơ sở dữ liệu, bản sao lưu, mẫu biểu) được giữ nguyên.$\r$\n$\r$\nHãy đóng ${APP_NAME} trước khi tiếp tục."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${APP_NAME} ngay"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "${APP_NAME} sẽ được gỡ khỏi máy. Dữ liệu của Trung tâm trong ${DATA_DIR} được giữ lại; muốn xóa hẳn, hãy tự xóa thư mục đó sau khi đã sao lưu."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

Function .onVerifyInstDir
  ; Installing into the data folder would mix the program with the data an upgrade must keep.
  StrCmp $INSTDIR "${DATA_DIR}" 0 +2
    Abort
  StrCmp $INSTDIR "$LOCALAPPDATA" 0 +2
    Abort
FunctionEnd

Function .onInit
  ; The same for a folder given on the command line (/D=…), where no page asks.
  StrCmp $INSTDIR "${DATA_DIR}" refuse
  StrCmp $INSTDIR "$LOCALAPPDATA" refuse
  Return
  refuse:
    MessageBox MB_ICONSTOP "Không cài chương trình vào thư mục dữ liệu $INSTDIR: hãy chọn thư mục khác." /SD IDOK
    SetErrorLevel 2
    Quit
FunctionEnd

Function CloseRunningApp
  ; A running program keeps its files locked: ask to close it rather than leave a half-replaced folder.
  retry:
    ClearErrors
    IfFileExists "$INSTDIR\${APP_EXE}" 0 done
    Rename "$INSTDIR\${APP_EXE}" "$INSTDIR\${APP_EXE}.dang-cap-nhat"
    IfErrors 0 renamed
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} đang mở. Hãy đóng chương trình (Tệp → Thoát) rồi bấm Thử lại." IDRETRY retry
    Abort
  renamed:
    Delete "$INSTDIR\${APP_EXE}.dang-cap-nhat"
  done:
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  Call CloseRunningApp
  SetOutPath "$INSTDIR"
  ; The previous version's program files go first (a library it had and this one dropped must not stay
  ; behind); only the program folder is emptied, never the data folder.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\khuyencong-cli.exe"
  File /r "${SOURCE_DIR}\*"
  WriteUninstaller "$INSTDIR\GoCaiDat.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${REG_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Trung tâm Khuyến công"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\GoCaiDat.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\GoCaiDat.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer put here: the data folder (${DATA_DIR}) stays, whatever happens.
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\khuyencong-cli.exe"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\GoCaiDat.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${REG_KEY}"
SectionEnd
