<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name></name>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="81"/>
        <source>Số liệu từng năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="87"/>
        <source>Năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="88"/>
        <source>Lao động</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="89"/>
        <source>BHXH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="90"/>
        <source>Doanh thu (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="91"/>
        <source>Nguồn vốn (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="92"/>
        <source>Xuất khẩu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="105"/>
        <source>Lao động tham gia bảo hiểm xã hội bình quân năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="106"/>
        <source>Thêm năm…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="106"/>
        <source>Sửa…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="106"/>
        <source>Xóa năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="115"/>
        <source>NĐ 80/2021: quy mô xét theo số liệu năm trước liền kề. Số liệu năm được lưu cùng cơ sở khi bấm Lưu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="212"/>
        <location filename="../../desktop/ui/app.py" line="225"/>
        <source>app</source>
        <comment>Không mở được tệp dữ liệu %1.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="229"/>
        <source>app</source>
        <comment>Tệp bị hỏng: %1. Phần mềm không ghi gì vào tệp này.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="231"/>
        <source>app</source>
        <comment>Không có bản sao lưu nào để khôi phục: hãy giữ nguyên tệp và liên hệ hỗ trợ kỹ thuật.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/app.py" line="234"/>
        <source>app</source>
        <comment>Có thể khôi phục bản sao lưu tốt gần nhất, lúc %1: những gì nhập sau lúc đó cần nhập lại, hoặc nhận lại từ máy chủ khi đồng bộ. Tệp hỏng vẫn được giữ lại riêng.</comment>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="238"/>
        <source>app</source>
        <comment>Khôi phục bản sao lưu</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="240"/>
        <source>app</source>
        <comment>Thoát</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BeneficiaryDelegate</name>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="180"/>
        <source>— cả đề án —</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BudgetEditor</name>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="205"/>
        <source>Nội dung chi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="206"/>
        <source>Đơn vị</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="207"/>
        <source>Số lượng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="208"/>
        <source>Đơn giá</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="209"/>
        <source>Thành tiền</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="210"/>
        <source>KP khuyến công</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="211"/>
        <source>Đối ứng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="212"/>
        <source>Nguồn khác</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="213"/>
        <source>Cơ sở thụ hưởng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="231"/>
        <source>Thêm dòng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="233"/>
        <source>Xóa dòng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="235"/>
        <source>Lên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="236"/>
        <source>Xuống</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="237"/>
        <source>Hoàn lại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="238"/>
        <source>Lưu dự toán</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="299"/>
        <source>Dự toán đã được phê duyệt nên chỉ xem, không sửa.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="315"/>
        <source>Tổng cộng: %1 đ — KP khuyến công %2 đ (%3%) — đối ứng %4 đ — nguồn khác %5 đ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="354"/>
        <source>(chưa có nội dung)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="357"/>
        <source>Xóa dòng dự toán?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="358"/>
        <source>Xóa dòng %1 “%2” khỏi dự toán? (Chỉ mất khi bấm Lưu dự toán.)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BudgetModel</name>
    <message>
        <location filename="../../desktop/ui/budget_editor.py" line="131"/>
        <source>Dòng %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CapDialog</name>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="61"/>
        <source>Sửa mức hỗ trợ của tỉnh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="61"/>
        <source>Thêm mức hỗ trợ của tỉnh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="66"/>
        <source>ví dụ 30 hoặc 12,5 (để trống nếu không có)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="68"/>
        <source>ví dụ 800.000.000 (để trống nếu không có)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="75"/>
        <location filename="../../desktop/ui/caps_editor.py" line="83"/>
        <source>ngày/tháng/năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="76"/>
        <source>Để trống khi mức hỗ trợ chưa hết hiệu lực</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="81"/>
        <source>ví dụ 12/2025/NQ-HĐND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="85"/>
        <source>ví dụ HĐND tỉnh Đắk Lắk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="87"/>
        <source>ví dụ Điều 3 khoản 2 (nếu có)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="107"/>
        <source>Mức hỗ trợ của tỉnh áp dụng cho đề án khuyến công địa phương; đề án khuyến công quốc gia luôn theo mức của Thông tư. Ghi rõ văn bản của tỉnh quy định mức này.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="113"/>
        <source>Lưu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="114"/>
        <source>Hủy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="119"/>
        <source>Hoạt động khuyến công *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="120"/>
        <source>Tỷ lệ hỗ trợ tối đa (% chi phí)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="121"/>
        <source>Mức hỗ trợ tối đa (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="122"/>
        <source>Tính trên mỗi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="123"/>
        <source>Có hiệu lực từ ngày *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="124"/>
        <source>Hết hiệu lực sau ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="125"/>
        <source>Loại văn bản của tỉnh *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="126"/>
        <source>Số, ký hiệu văn bản *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="127"/>
        <source>Ngày ban hành *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="128"/>
        <source>Cơ quan ban hành *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="129"/>
        <source>Điều, khoản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="168"/>
        <source>Sửa mức hỗ trợ của tỉnh: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="168"/>
        <source>Thêm mức hỗ trợ của tỉnh: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CapsBox</name>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="387"/>
        <source>Mức hỗ trợ khuyến công địa phương</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="388"/>
        <source>Mức hỗ trợ tối đa do tỉnh quy định cho đề án khuyến công địa phương.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="390"/>
        <source>Mức hỗ trợ của tỉnh…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CapsEditor</name>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="244"/>
        <source>Mức hỗ trợ khuyến công địa phương của tỉnh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="247"/>
        <source>Mức hỗ trợ do tỉnh quy định (nghị quyết của HĐND hoặc quyết định của UBND tỉnh) cho các đề án khuyến công địa phương. Khi tỉnh chưa quy định, dự toán được so với mức của Thông tư.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="255"/>
        <source>Hoạt động</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="256"/>
        <source>Tỷ lệ tối đa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="257"/>
        <source>Mức tối đa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="258"/>
        <source>Từ ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="259"/>
        <source>Đến ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="260"/>
        <source>Căn cứ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="261"/>
        <source>Cấp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="276"/>
        <source>Hiện cả mức hỗ trợ khuyến công quốc gia (để so sánh)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="278"/>
        <source>Thêm mức hỗ trợ…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="279"/>
        <source>Sửa…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="280"/>
        <source>Kết thúc hiệu lực…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="281"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="286"/>
        <source>Tỉnh chưa có mức hỗ trợ riêng nào.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="323"/>
        <source>Quốc gia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="323"/>
        <source>Tỉnh</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoursePage</name>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="82"/>
        <location filename="../../desktop/ui/other_lists.py" line="107"/>
        <source>Mã lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="83"/>
        <location filename="../../desktop/ui/other_lists.py" line="108"/>
        <source>Nội dung đào tạo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="84"/>
        <location filename="../../desktop/ui/other_lists.py" line="109"/>
        <source>Hình thức</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="85"/>
        <source>Khai giảng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="86"/>
        <source>Bế giảng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="87"/>
        <source>Địa điểm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="88"/>
        <source>Học viên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="89"/>
        <source>Chuyên cần tối thiểu (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="96"/>
        <source>lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="100"/>
        <source>Mọi năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="101"/>
        <source>Mọi hình thức</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="110"/>
        <source>Địa điểm học</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="111"/>
        <source>Tỉnh/thành phố, xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="112"/>
        <source>Ngày khai giảng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="113"/>
        <source>Ngày bế giảng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="114"/>
        <source>Số học viên dự kiến</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="115"/>
        <source>Tiền ăn mỗi ngày (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="116"/>
        <source>Tiền đi lại (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="117"/>
        <source>Chuyên cần tối thiểu để cấp chứng chỉ (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="118"/>
        <source>Đã xóa lúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="97"/>
        <source>Thêm lớp đào tạo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="97"/>
        <source>Sửa lớp đào tạo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CourseWorkspace</name>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="87"/>
        <source>Sửa thông tin lớp…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="91"/>
        <source>Danh sách học viên, chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="92"/>
        <source>Điểm danh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="94"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="115"/>
        <source>Danh sách ký điểm danh theo ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="116"/>
        <source>Danh sách nhận tiền ăn, đi lại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="117"/>
        <source>Danh sách nhận chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="118"/>
        <source>Giấy chứng nhận của mọi học viên được cấp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="126"/>
        <source>STT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="127"/>
        <location filename="../../desktop/ui/course_workspace.py" line="366"/>
        <location filename="../../desktop/ui/course_workspace.py" line="408"/>
        <source>Họ và tên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="128"/>
        <location filename="../../desktop/ui/course_workspace.py" line="367"/>
        <location filename="../../desktop/ui/course_workspace.py" line="409"/>
        <source>Ngày sinh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="129"/>
        <location filename="../../desktop/ui/course_workspace.py" line="368"/>
        <location filename="../../desktop/ui/course_workspace.py" line="410"/>
        <source>Giới tính</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="130"/>
        <location filename="../../desktop/ui/course_workspace.py" line="369"/>
        <location filename="../../desktop/ui/course_workspace.py" line="412"/>
        <source>Số CCCD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="131"/>
        <source>Nơi ở</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="132"/>
        <source>Ngày có mặt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="133"/>
        <source>Hỗ trợ đi lại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="134"/>
        <source>Cấp chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="135"/>
        <source>Số chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="136"/>
        <source>Việc làm sau đào tạo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="148"/>
        <source>Chọn học viên có sẵn…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="149"/>
        <source>Thêm học viên mới…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="150"/>
        <source>Bỏ khỏi lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="151"/>
        <source>Ghi việc làm…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="157"/>
        <source>Số quyết định cấp chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="159"/>
        <source>ngày/tháng/năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="163"/>
        <source>Đánh số chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="164"/>
        <source>Cấp số tiếp theo cho người được cấp chứng chỉ mà chưa có số</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="166"/>
        <source>Lưu danh sách</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="174"/>
        <source>Quyết định cấp chứng chỉ số</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="176"/>
        <source>ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="192"/>
        <source>Có mặt cả lớp ngày đang chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="194"/>
        <location filename="../../desktop/ui/course_workspace.py" line="510"/>
        <source>Lưu điểm danh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="197"/>
        <source>Đánh dấu ngày học viên có mặt; số ngày ăn được tính theo số ngày có mặt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="218"/>
        <source>Lớp %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="224"/>
        <source>%1 học viên — %2 được cấp chứng chỉ — %3 có việc làm — tiền ăn %4 đ (%5 ngày), đi lại %6 đ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="267"/>
        <source>Số ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="331"/>
        <source>Lưu danh sách lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="343"/>
        <source>Chưa đủ chuyên cần</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="344"/>
        <source>%1 học viên được cấp chứng chỉ nhưng có mặt ít hơn %2% số ngày học của lớp:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="351"/>
        <source>Vẫn cấp chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="352"/>
        <source>Xem lại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="370"/>
        <source>Xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="371"/>
        <location filename="../../desktop/ui/course_workspace.py" line="416"/>
        <source>Điện thoại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="372"/>
        <source>Số lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="377"/>
        <source>Thêm “%1” vào lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="381"/>
        <source>Chọn học viên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="394"/>
        <source>Thêm học viên mới vào lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="401"/>
        <source>Thêm học viên mới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="411"/>
        <source>Dân tộc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="413"/>
        <source>Tỉnh/thành phố, xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="414"/>
        <source>Địa chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="415"/>
        <source>Đối tượng ưu tiên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="424"/>
        <source>Bỏ “%1” khỏi danh sách lớp? (Có thể hoàn tác bằng Ctrl+Z.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="425"/>
        <source>Bỏ “%1” khỏi lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="433"/>
        <source>Nơi làm việc (cơ sở, doanh nghiệp, tự tạo việc làm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="434"/>
        <source>Làm từ ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="435"/>
        <source>Đã xác nhận (có giấy xác nhận hoặc hợp đồng lao động)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="436"/>
        <source>Ghi chú</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="442"/>
        <source>Ghi việc làm của “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="450"/>
        <source>Việc làm sau đào tạo — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="525"/>
        <source>Sửa lớp đào tạo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/course_workspace.py" line="526"/>
        <source>Sửa lớp “%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="208"/>
        <source>Tổng quan năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="245"/>
        <source>Cơ sở CNNT đang quản lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="379"/>
        <source>Đề án trong năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="271"/>
        <source>Kinh phí khuyến công đã duyệt (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="275"/>
        <location filename="../../desktop/ui/dashboard_page.py" line="383"/>
        <source>Tỷ lệ giải ngân</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="297"/>
        <source>Đơn vị</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="296"/>
        <source>Chỉ tiêu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="377"/>
        <source>Tỉnh, thành phố</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="378"/>
        <source>Cơ sở CNNT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="380"/>
        <source>Kinh phí được duyệt (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="272"/>
        <location filename="../../desktop/ui/dashboard_page.py" line="381"/>
        <source>Đã tạm ứng (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="202"/>
        <source>Nhập chỉ tiêu chương trình…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="204"/>
        <source>Chỉ tiêu chương trình khuyến công của tỉnh cho giai đoạn của năm đang xem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="239"/>
        <source>Các đề án của kế hoạch năm, tính đến hôm nay. Báo cáo định kỳ của năm tính đến hết ngày cuối kỳ, nên số ở đó có thể nhỏ hơn khi có khoản quyết toán sau kỳ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="246"/>
        <source>Mọi cơ sở trong dữ liệu, không kể cơ sở đã xóa; không phụ thuộc năm đang xem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="250"/>
        <source>Đề án kế hoạch năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="251"/>
        <source>Các đề án có năm kế hoạch là năm đang xem, ở mọi bước (kể cả bản nháp và đề án bị từ chối).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="255"/>
        <source>Đề án nghiệm thu trong năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="257"/>
        <source>Mọi đề án có biên bản nghiệm thu ghi ngày trong năm, kể cả đề án của kế hoạch năm trước. Báo cáo định kỳ đếm các đề án của kế hoạch năm được nghiệm thu trong kỳ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="263"/>
        <source>Lớp đào tạo kết thúc trong năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="264"/>
        <source>Các lớp có ngày kết thúc trong năm đang xem, không kể lớp đã xóa.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="268"/>
        <source>Học viên được cấp chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="269"/>
        <source>Học viên được cấp chứng chỉ của các lớp kết thúc trong năm đang xem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="273"/>
        <source>Đã giải ngân — quyết toán (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="274"/>
        <source>Chưa giải ngân (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="298"/>
        <source>Mục tiêu giai đoạn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="299"/>
        <source>Kết quả năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="300"/>
        <source>Lũy kế giai đoạn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="301"/>
        <source>Tỷ lệ đạt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="324"/>
        <source>Kỳ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="325"/>
        <source>Kế hoạch (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="326"/>
        <source>Tạm ứng (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="327"/>
        <source>Giải ngân (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="328"/>
        <location filename="../../desktop/ui/dashboard_page.py" line="332"/>
        <source>Lũy kế đạt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="333"/>
        <source>Giải ngân lũy kế từ đầu năm đến hết kỳ, so với kế hoạch lũy kế</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="339"/>
        <source>Kế hoạch: kinh phí khuyến công được duyệt của mỗi đề án, đến hạn vào tháng kết thúc theo tiến độ được duyệt (chậm nhất tháng 12). Giải ngân: số đã quyết toán; tạm ứng chưa tính là giải ngân.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="382"/>
        <source>Đã giải ngân (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="447"/>
        <source>Chỉ tiêu chương trình khuyến công — kết quả năm %1 và lũy kế từ đầu giai đoạn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="452"/>
        <source>Chỉ tiêu chương trình khuyến công năm %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="455"/>
        <source>Chưa có chỉ tiêu của chương trình khuyến công áp dụng cho năm %1. Bấm “Nhập chỉ tiêu chương trình…” để nhập các chỉ tiêu theo quyết định phê duyệt chương trình của tỉnh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="461"/>
        <source>Kết quả năm %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="488"/>
        <source>Hồ sơ không tách được kết quả của chỉ tiêu này</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="504"/>
        <source>Giải ngân năm %1 theo tháng so với kế hoạch (triệu đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="507"/>
        <source>Tạm ứng trong tháng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="507"/>
        <source>Giải ngân trong tháng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="516"/>
        <source>Kế hoạch lũy kế</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="517"/>
        <source>Giải ngân lũy kế</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="524"/>
        <source>T%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="525"/>
        <source>Sau&lt;br&gt;năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="534"/>
        <source>Sau năm %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="535"/>
        <source>Cả năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="571"/>
        <source>Đề án năm %1 theo bước thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="585"/>
        <source>Đề án năm %1 theo nhóm nội dung khuyến công</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="591"/>
        <source>%1: %2 đề án, %3 đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard_page.py" line="572"/>
        <location filename="../../desktop/ui/dashboard_page.py" line="602"/>
        <source>Số đề án</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EndDialog</name>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="191"/>
        <source>Kết thúc hiệu lực mức hỗ trợ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="193"/>
        <source>ngày/tháng/năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="198"/>
        <source>%1, có hiệu lực từ %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="205"/>
        <source>Kết thúc hiệu lực</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="206"/>
        <source>Hủy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="210"/>
        <source>Ngày cuối cùng còn hiệu lực *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/caps_editor.py" line="227"/>
        <source>Kết thúc mức hỗ trợ của tỉnh: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FacilityDialog</name>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="270"/>
        <source>Điều kiện hỗ trợ ngày %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="297"/>
        <source>Có</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="317"/>
        <source>Năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="318"/>
        <source>Tổng số lao động</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="319"/>
        <source>Lao động tham gia BHXH (bình quân năm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="320"/>
        <source>Tổng doanh thu của năm (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="321"/>
        <source>Tổng nguồn vốn cuối năm (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="322"/>
        <source>Có sản phẩm xuất khẩu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="323"/>
        <source>Tỷ lệ nguyên liệu tại chỗ (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="324"/>
        <source>Quy mô cơ sở tự kê khai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="341"/>
        <source>Thêm số liệu năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="355"/>
        <source>Sửa số liệu năm %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FacilityPage</name>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="19"/>
        <location filename="../../desktop/ui/facility_page.py" line="48"/>
        <source>Tên cơ sở</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="20"/>
        <location filename="../../desktop/ui/facility_page.py" line="49"/>
        <source>Loại hình</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="21"/>
        <location filename="../../desktop/ui/facility_page.py" line="50"/>
        <source>Mã số thuế</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="22"/>
        <location filename="../../desktop/ui/facility_page.py" line="55"/>
        <source>Người đại diện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="23"/>
        <source>Xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="25"/>
        <location filename="../../desktop/ui/facility_page.py" line="60"/>
        <source>Điện thoại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="32"/>
        <source>cơ sở</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="37"/>
        <source>Mọi xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="38"/>
        <source>Mọi loại hình</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="51"/>
        <source>Số đăng ký kinh doanh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="52"/>
        <source>Ngày thành lập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="39"/>
        <source>Mọi lĩnh vực</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="53"/>
        <source>Lĩnh vực (NĐ 80/2021)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="54"/>
        <source>Ngành nghề chính</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="56"/>
        <source>Giới tính người đại diện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="57"/>
        <source>Tỉnh/thành phố, xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="58"/>
        <source>Làng nghề được công nhận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="59"/>
        <source>Thôn/ấp, số nhà</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="61"/>
        <source>Thư điện tử</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="62"/>
        <source>Do phụ nữ làm chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="63"/>
        <source>Do người dân tộc thiểu số làm chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="64"/>
        <source>Áp dụng sản xuất sạch hơn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="65"/>
        <source>Áp dụng sản xuất và tiêu dùng bền vững</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="66"/>
        <source>Đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="67"/>
        <source>Tên cụm công nghiệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="68"/>
        <source>Danh hiệu nghệ nhân</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="69"/>
        <source>Người được phong tặng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="70"/>
        <source>Ngày phong tặng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="71"/>
        <source>Sản xuất gạch nung bằng đất sét</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="72"/>
        <source>Ghi chú</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="73"/>
        <source>Đã xóa lúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="33"/>
        <source>Thêm cơ sở CNNT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="24"/>
        <source>Lĩnh vực</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_page.py" line="33"/>
        <source>Sửa cơ sở CNNT</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="199"/>
        <source>Khuyến công — thiết lập lần đầu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="202"/>
        <source>Chào mừng! Hãy cho biết Trung tâm Khuyến công sử dụng phần mềm này và họ tên của bạn: mọi thay đổi làm trên máy này được ghi dưới tên đó, trong lịch sử và trên máy chủ. Có thể sửa lại trong mục Cài đặt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="211"/>
        <source>Bắt đầu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="227"/>
        <source>Thiết lập Trung tâm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../desktop/ui/history_dialog.py" line="21"/>
        <source>Lịch sử thay đổi: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_dialog.py" line="26"/>
        <source>Thời điểm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_dialog.py" line="27"/>
        <source>Người sửa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_dialog.py" line="28"/>
        <source>Thao tác</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_dialog.py" line="29"/>
        <source>Trường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_dialog.py" line="30"/>
        <source>Giá trị cũ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_dialog.py" line="31"/>
        <source>Giá trị mới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/history_dialog.py" line="37"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="49"/>
        <source>cơ sở CNNT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="49"/>
        <source>học viên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="50"/>
        <source>Nhập %1 từ Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="53"/>
        <source>Chưa chọn tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="54"/>
        <source>Chọn tệp Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="66"/>
        <source>1. Tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="72"/>
        <source>Trang tính</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="73"/>
        <source>Dòng tiêu đề</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="77"/>
        <source>Trường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="77"/>
        <source>Cột trong tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="77"/>
        <source>Nếu trống</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="80"/>
        <source>2. Cột của từng trường (đã tự dò theo tiêu đề; sửa nếu cần)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="83"/>
        <source>Xã/phường không có trong danh mục mới (tên cũ): chọn xã/phường mới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="88"/>
        <source>3. Kiểm tra</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="97"/>
        <source>Dòng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="97"/>
        <source>Cột</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="97"/>
        <source>Vấn đề</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="97"/>
        <source>Loại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="104"/>
        <source>4. Nhập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="108"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="127"/>
        <source>Chọn tệp Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="127"/>
        <source>Tệp Excel (*.xlsx *.xls)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="164"/>
        <source>(không có)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="179"/>
        <source>Kiểm tra để xem từng dòng có nhập được không.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="210"/>
        <source>Đang kiểm tra tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="217"/>
        <source>Lỗi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="217"/>
        <source>Lưu ý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="227"/>
        <source>%1 dòng: %2 nhập được, %3 có lỗi, %4 đã có (bỏ qua).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="234"/>
        <source>4. Nhập %1 dòng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="259"/>
        <source>Nhập Excel %1: %2 bản ghi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/import_dialog.py" line="266"/>
        <source>Đã nhập %1 bản ghi. Hoàn tác được bằng Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="70"/>
        <source>Tìm kiếm (gõ không dấu cũng được)… Ctrl+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="73"/>
        <source>Đã xóa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="74"/>
        <source>Xem các bản ghi đã xóa để khôi phục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="76"/>
        <source>Thêm mới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="78"/>
        <source>Mở</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="80"/>
        <source>Xóa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="82"/>
        <source>Khôi phục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="83"/>
        <source>Lịch sử</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="105"/>
        <source>Xuất Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="107"/>
        <source>Xuất ra Excel đúng những gì danh sách đang hiển thị (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="111"/>
        <source>Nhập từ Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="113"/>
        <source>Nhập từ tệp Excel: kiểm tra từng dòng trước, nhập tất cả một lần</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="119"/>
        <source>In hàng loạt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="120"/>
        <source>In một mẫu cho mọi bản ghi đang hiển thị (theo tìm kiếm và bộ lọc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="230"/>
        <source>%1 bản ghi đã xóa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="230"/>
        <source>%1 bản ghi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="278"/>
        <source>Đã lưu; bản ghi nằm ở phía sau danh sách (gõ tên vào ô tìm kiếm để thấy ngay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="280"/>
        <source>Đã lưu; bản ghi không hiện vì tìm kiếm hoặc bộ lọc đang dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="320"/>
        <source>Xuất danh sách %1 ra Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="335"/>
        <source>Danh sách đang trống: không có gì để in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="341"/>
        <source>In %1 bản ghi đang hiển thị? Việc này có thể mất vài phút.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="408"/>
        <source>Xóa %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="409"/>
        <source>Xóa “%1”? Bản ghi được chuyển vào mục Đã xóa và có thể khôi phục hoặc hoàn tác (Ctrl+Z).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="416"/>
        <source>Xóa %1 “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_page.py" line="422"/>
        <source>Khôi phục %1 “%2”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="142"/>
        <source>Thêm địa điểm thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="145"/>
        <source>Thôn, ấp, số nhà…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="147"/>
        <source>Thêm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="148"/>
        <source>Hủy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="152"/>
        <source>Tỉnh/thành phố, xã/phường *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="153"/>
        <source>Địa chỉ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="251"/>
        <source>Khuyến công — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="76"/>
        <source>Báo cáo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="77"/>
        <source>Đồng bộ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="71"/>
        <source>Tổng quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="72"/>
        <source>Cơ sở CNNT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="73"/>
        <source>Đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="74"/>
        <source>Đào tạo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="75"/>
        <source>Bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="78"/>
        <source>Cài đặt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="109"/>
        <source>Đồng bộ với máy chủ: bấm Ctrl+7 để xem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="119"/>
        <source>Mở Cài đặt → Cập nhật phần mềm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="124"/>
        <source>Đang xử lý…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="199"/>
        <source>&amp;Tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="200"/>
        <source>Thoát</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="204"/>
        <source>&amp;Sửa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="211"/>
        <source>Thêm mới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="212"/>
        <source>Mở bản ghi đang chọn	Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="213"/>
        <source>Xóa bản ghi đang chọn	Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="214"/>
        <source>Lịch sử thay đổi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="215"/>
        <source>Tìm kiếm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="216"/>
        <source>Xuất Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="217"/>
        <source>Đồng bộ ngay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="224"/>
        <source>Đi &amp;tới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="230"/>
        <source>Trợ &amp;giúp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="231"/>
        <source>Giới thiệu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="234"/>
        <source>Khuyến công</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="234"/>
        <source>Khuyến công Desktop %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="238"/>
        <source>Sao chép thông tin hỗ trợ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="239"/>
        <source>Phiên bản, đường dẫn dữ liệu và nhật ký, tình trạng đồng bộ (không có mật khẩu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="247"/>
        <source>Đã chép thông tin hỗ trợ: dán vào thư gửi cán bộ hỗ trợ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="277"/>
        <source>Có phiên bản mới %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="303"/>
        <source>Lệnh này dùng trong các trang danh sách</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintButton</name>
    <message>
        <location filename="../../desktop/ui/printing.py" line="79"/>
        <source>In biểu mẫu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="80"/>
        <source>Xem trước, in hoặc lưu PDF các mẫu biểu (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="93"/>
        <source>(chưa có gì để in)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="38"/>
        <source>Xem trước khi in — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="50"/>
        <source>%1 trang</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="52"/>
        <source>In…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="56"/>
        <source>Lưu PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="60"/>
        <source>Vừa trang</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="62"/>
        <source>Vừa chiều rộng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="64"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="82"/>
        <source>Lưu tệp PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="82"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="99"/>
        <location filename="../../desktop/ui/print_preview.py" line="116"/>
        <source>In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="115"/>
        <source>Đang gửi các trang tới máy in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/print_preview.py" line="115"/>
        <source>Dừng</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProductDialog</name>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="82"/>
        <source>Đăng ký sản phẩm — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="87"/>
        <source>ví dụ TC01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="89"/>
        <source>Đăng ký</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="90"/>
        <source>Hủy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="94"/>
        <source>Tên sản phẩm *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="95"/>
        <source>Nhóm sản phẩm *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="96"/>
        <source>Mã bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgrammeDialog</name>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="40"/>
        <source>Chỉ tiêu chương trình khuyến công của tỉnh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="48"/>
        <source>ví dụ Quyết định số 1234/QĐ-UBND ngày 15/12/2025 của UBND tỉnh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="51"/>
        <source>đến</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="56"/>
        <source>Tên chương trình *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="57"/>
        <source>Giai đoạn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="58"/>
        <source>Quyết định phê duyệt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="61"/>
        <source>Nhập mục tiêu cả giai đoạn theo quyết định phê duyệt chương trình; để trống chỉ tiêu không có. Kết quả được tính từ hồ sơ: người học từ danh sách lớp, máy móc từ dự toán, sản phẩm từ bình chọn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="71"/>
        <source>Lưu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="72"/>
        <source>Hủy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="85"/>
        <source>Chỉ tiêu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="85"/>
        <source>Đơn vị</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="85"/>
        <source>Mục tiêu giai đoạn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="96"/>
        <source>Hồ sơ không tách được kết quả của chỉ tiêu này: tổng quan ghi “—”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/programme_dialog.py" line="146"/>
        <source>Nhập chỉ tiêu chương trình khuyến công</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalPage</name>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="29"/>
        <location filename="../../desktop/ui/other_lists.py" line="54"/>
        <source>Mã đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="30"/>
        <location filename="../../desktop/ui/other_lists.py" line="55"/>
        <source>Tên đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="31"/>
        <source>Năm KH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="32"/>
        <source>Hoạt động</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="33"/>
        <location filename="../../desktop/ui/other_lists.py" line="63"/>
        <source>Trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="34"/>
        <source>Tổng kinh phí</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="35"/>
        <source>KP khuyến công duyệt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="38"/>
        <source>đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="40"/>
        <source>Mọi trạng thái</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="41"/>
        <source>Mọi năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="42"/>
        <source>Mọi nhóm nội dung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="48"/>
        <source>Phiếu thẩm định của các đề án đang hiển thị</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="49"/>
        <source>Đề án và dự toán (Mẫu 01) của các đề án đang hiển thị</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="56"/>
        <source>Năm kế hoạch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="57"/>
        <source>Nguồn kinh phí</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="58"/>
        <source>Hoạt động khuyến công</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="59"/>
        <source>Đơn vị thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="60"/>
        <source>Đơn vị phối hợp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="61"/>
        <source>Ngày bắt đầu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="62"/>
        <source>Ngày kết thúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="64"/>
        <source>Kinh phí khuyến công được duyệt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="65"/>
        <source>Đã xóa lúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="38"/>
        <source>Thêm đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="38"/>
        <source>Sửa đề án</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProposalWorkspace</name>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="171"/>
        <source>Đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="192"/>
        <source>Thông tin chung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="193"/>
        <source>Nội dung đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="194"/>
        <source>Thụ hưởng, địa điểm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="196"/>
        <source>Dự toán kinh phí</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="197"/>
        <source>Quá trình thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="198"/>
        <source>Tệp đính kèm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="201"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="211"/>
        <source>Việc tiếp theo:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="229"/>
        <source>Sửa thông tin chung…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="260"/>
        <source>Lưu nội dung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="275"/>
        <source>Đơn vị thực hiện, đơn vị thụ hưởng, địa điểm thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="276"/>
        <source>Sự cần thiết và căn cứ thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="277"/>
        <source>Mục tiêu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="278"/>
        <source>Quy mô</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="279"/>
        <source>Nội dung và tiến độ thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="280"/>
        <source>Dự toán kinh phí (thuyết minh)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="281"/>
        <source>Tổ chức thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="282"/>
        <source>Hiệu quả dự kiến (kinh tế, xã hội, môi trường)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="286"/>
        <source>Cơ sở thụ hưởng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="286"/>
        <location filename="../../desktop/ui/proposal_workspace.py" line="754"/>
        <source>Mã số thuế</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="286"/>
        <source>Địa chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="289"/>
        <source>Thêm cơ sở…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="290"/>
        <source>Bỏ khỏi đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="293"/>
        <source>Địa điểm thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="293"/>
        <source>Lượt người tham quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="298"/>
        <source>Thêm địa điểm…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="299"/>
        <source>Bỏ địa điểm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="300"/>
        <source>Ghi lượt tham quan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="309"/>
        <location filename="../../desktop/ui/proposal_workspace.py" line="658"/>
        <source>Đơn vị thụ hưởng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="314"/>
        <source>Địa điểm thực hiện (nghiệm thu theo từng địa điểm — Mẫu 5a)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="331"/>
        <source>Ngày</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="331"/>
        <source>Việc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="331"/>
        <source>Nội dung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="331"/>
        <source>Số tiền (đ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="335"/>
        <source>In văn bản của dòng đã chọn…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="357"/>
        <source>Đề án và dự toán kinh phí (Mẫu 01)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="358"/>
        <source>Phiếu thẩm định (Mẫu 4a/4b)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="386"/>
        <source>Tên tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="386"/>
        <source>Mô tả</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="386"/>
        <source>Dung lượng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="386"/>
        <source>Thêm lúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="386"/>
        <source>Tình trạng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="390"/>
        <source>Thêm tệp…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="391"/>
        <source>Mở</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="392"/>
        <source>Kiểm tra toàn vẹn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="393"/>
        <source>So mã SHA-256 của từng tệp với mã đã ghi khi thêm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="394"/>
        <source>Bỏ tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="419"/>
        <source>Đề án %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="440"/>
        <source>Cộng số người của một đoàn đến tham quan, dự trình diễn tại địa điểm đã chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="442"/>
        <source>Ghi lượt tham quan từ khi đề án được phê duyệt đến khi quyết toán</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="470"/>
        <source>Kinh phí khuyến công duyệt: %1 — đã tạm ứng: %2 đ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="484"/>
        <source>Có</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="486"/>
        <source>THIẾU hoặc đã bị thay đổi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="488"/>
        <source>Chưa tải về (tải khi đồng bộ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="513"/>
        <source>Đề án đã qua phê duyệt: nội dung chỉ xem, không sửa.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="534"/>
        <source>Đề án đã kết thúc, không còn việc cần làm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="536"/>
        <source>Chưa làm được — </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="601"/>
        <source>dự toán</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="601"/>
        <source>nội dung đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="606"/>
        <source>Có thay đổi %1 chưa lưu. “%2” sẽ dựa trên bản đã lưu, không có các thay đổi này.

Hãy lưu trước (Ctrl+S), hoặc vẫn tiếp tục?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="614"/>
        <source>Vẫn tiếp tục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="625"/>
        <source>Kinh phí khuyến công được duyệt %1 đ, đã tạm ứng %2 đ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="630"/>
        <source>Đánh dấu các nội dung thẩm định đạt yêu cầu (Thông tư 36/2013, Điều 9).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="633"/>
        <source>Mẫu 5a: nghiệm thu tại từng địa điểm; đề án chuyển sang “Đã nghiệm thu” khi mọi địa điểm đã nghiệm thu đạt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="640"/>
        <source>Mẫu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="641"/>
        <source>Ngày thẩm định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="642"/>
        <source>Cấp thẩm định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="643"/>
        <source>Hội đồng / tổ thẩm định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="644"/>
        <source>Người thẩm định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="645"/>
        <source>Có khảo sát thực tế</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="646"/>
        <source>Kết luận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="647"/>
        <source>Kinh phí đề nghị hỗ trợ (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="648"/>
        <source>Ý kiến khác</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="649"/>
        <source>Số quyết định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="650"/>
        <source>Ngày quyết định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="651"/>
        <source>Người ký quyết định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="652"/>
        <source>Lý do, ghi chú</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="653"/>
        <source>Lý do phê duyệt khi cơ sở chưa đủ điều kiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="654"/>
        <source>Loại hợp đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="655"/>
        <source>Số hợp đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="656"/>
        <source>Ngày ký</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="657"/>
        <source>Bên nhận hợp đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="659"/>
        <source>Giá trị hợp đồng (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="660"/>
        <source>Ngày tạm ứng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="661"/>
        <source>Số tiền tạm ứng (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="662"/>
        <source>Số chứng từ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="663"/>
        <source>Ghi chú</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="664"/>
        <source>Tháng báo cáo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="665"/>
        <source>Năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="666"/>
        <source>Ngày báo cáo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="667"/>
        <source>Khối lượng hoàn thành (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="668"/>
        <source>Kinh phí đã sử dụng (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="669"/>
        <source>Nội dung đã thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="670"/>
        <source>Ngày kiểm tra</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="671"/>
        <source>Địa điểm kiểm tra</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="672"/>
        <source>Thành phần đoàn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="673"/>
        <source>Nội dung kiểm tra</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="674"/>
        <source>Kết quả</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="675"/>
        <source>Kiến nghị, yêu cầu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="676"/>
        <source>Địa điểm nghiệm thu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="677"/>
        <source>Ngày nghiệm thu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="678"/>
        <source>Thành phần tham gia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="679"/>
        <source>Khối lượng, kết quả đạt được</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="680"/>
        <source>Giá trị nghiệm thu (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="681"/>
        <source>Số học viên được cấp chứng chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="682"/>
        <source>Ngày quyết toán</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="683"/>
        <source>Số tiền quyết toán (đồng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="684"/>
        <source>Ngày thanh lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="685"/>
        <source>Số biên bản thanh lý</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="698"/>
        <source>Sửa thông tin chung</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="699"/>
        <source>Sửa đề án “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="722"/>
        <source>Sửa nội dung đề án</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="735"/>
        <source>Sửa dự toán</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="752"/>
        <source>Tên cơ sở</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="753"/>
        <source>Loại hình</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="755"/>
        <source>Người đại diện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="756"/>
        <source>Xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="757"/>
        <source>Lĩnh vực</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="758"/>
        <source>Điện thoại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="759"/>
        <source>Điều kiện hỗ trợ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="764"/>
        <source>Thêm đơn vị thụ hưởng “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="772"/>
        <source>Chọn cơ sở thụ hưởng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="778"/>
        <source>Cơ sở chưa đủ điều kiện hỗ trợ hiện màu đỏ; rê chuột lên dòng để xem lý do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="787"/>
        <source>Bỏ “%1” khỏi danh sách thụ hưởng?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="790"/>
        <source>Bỏ đơn vị thụ hưởng “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="800"/>
        <source>Thêm địa điểm thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="810"/>
        <source>Bỏ địa điểm “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="812"/>
        <source>Bỏ địa điểm thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="822"/>
        <source>Ghi lượt tham quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="824"/>
        <source>Số người của đoàn đến tham quan, dự trình diễn tại
“%1”
(đã có %2; số âm để sửa khi ghi nhầm):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="836"/>
        <source>Ghi %1 lượt tham quan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="845"/>
        <source>Chọn tệp đính kèm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="852"/>
        <source>Mô tả tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="852"/>
        <source>Tệp này là gì? (ví dụ: Tờ trình)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="858"/>
        <source>Đính kèm tệp “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="871"/>
        <source>Tệp “%1” không còn nguyên trong thư mục dữ liệu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="873"/>
        <source>Tệp “%1” chưa được tải về máy này: hãy đồng bộ (F5) rồi mở lại.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="875"/>
        <source>Không mở được</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="888"/>
        <location filename="../../desktop/ui/proposal_workspace.py" line="892"/>
        <location filename="../../desktop/ui/proposal_workspace.py" line="900"/>
        <source>Kiểm tra tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="888"/>
        <source>Đề án chưa có tệp đính kèm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="893"/>
        <source>Các tệp sau bị thiếu hoặc đã bị thay đổi so với lúc đính kèm:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="901"/>
        <source>Cả %1 tệp còn nguyên vẹn (mã SHA-256 khớp).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="911"/>
        <source>Bỏ tệp “%1” khỏi hồ sơ đề án?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/proposal_workspace.py" line="912"/>
        <source>Bỏ tệp “%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="154"/>
        <source>Lưu (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="155"/>
        <source>Hủy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="225"/>
        <source>ngày/tháng/năm, ví dụ 05/03/2026</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="228"/>
        <source>đồng, ví dụ 1.500.000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="305"/>
        <source>Hãy sửa các ô được đánh dấu đỏ trước khi lưu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="330"/>
        <source>Bỏ thay đổi?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="331"/>
        <source>Các thay đổi chưa được lưu. Bỏ các thay đổi này?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <location filename="../../desktop/ui/picker.py" line="69"/>
        <source>Gõ tên, mã số thuế, địa chỉ… (không dấu cũng được)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/picker.py" line="84"/>
        <source>Chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/picker.py" line="85"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/picker.py" line="100"/>
        <location filename="../../desktop/ui/picker.py" line="115"/>
        <source>%1 kết quả</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="33"/>
        <source>Báo cáo định kỳ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="44"/>
        <source>Cả năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="46"/>
        <source>Quý %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="48"/>
        <source>Tháng %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="49"/>
        <source>Xem trước, in báo cáo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="52"/>
        <source>Xuất Excel báo cáo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="55"/>
        <source>Tình hình thực hiện hoạt động khuyến công</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="58"/>
        <source>Năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="59"/>
        <source>Kỳ báo cáo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="66"/>
        <source>Theo nhóm nội dung và theo từng đề án: kinh phí được duyệt, tạm ứng trong kỳ và lũy kế, đã quyết toán (giải ngân), nghiệm thu; chỉ tiêu của chương trình; kết quả đào tạo. Bản Excel có thêm trang giải ngân và chỉ tiêu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="78"/>
        <source>Số liệu khác của năm đã chọn (Excel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="79"/>
        <source>Đề án và dự toán kinh phí…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="82"/>
        <source>Học viên các lớp đào tạo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="105"/>
        <source>Báo cáo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="116"/>
        <source>Xuất Excel báo cáo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="127"/>
        <source>Xuất Excel đề án và dự toán năm %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="138"/>
        <source>Xuất Excel học viên các lớp năm %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="60"/>
        <source>ví dụ: Trung tâm Khuyến công và Tư vấn phát triển công nghiệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="62"/>
        <source>để trống: SỞ CÔNG THƯƠNG + tên tỉnh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="64"/>
        <source>địa danh ghi trên văn bản; để trống: tên tỉnh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="69"/>
        <source>chữ viết tắt trong số văn bản, ví dụ TTKC; để trống: tự lấy từ tên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="86"/>
        <source>Bên A của hợp đồng khuyến công quốc gia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="89"/>
        <source>Bên A của hợp đồng khuyến công địa phương; để trống: Sở Công Thương</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="73"/>
        <source>để trống: số/loại-viết tắt, ví dụ 12/BB-TTKC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="76"/>
        <source>Cách ghi số văn bản. {so}: số thứ tự của văn bản; {loai}: loại văn bản (BB biên bản, BC báo cáo, ĐA đề án); {viet_tat}: chữ viết tắt của Trung tâm. Ô bên dưới cho thấy số sẽ in ra.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="94"/>
        <source>người làm việc trên máy này, ví dụ Nguyễn Thị Lan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="96"/>
        <source>Mọi thay đổi làm trên máy này được ghi dưới tên này, trong lịch sử và trên máy chủ đồng bộ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="109"/>
        <source>Tỉnh/thành phố *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="110"/>
        <source>Tên Trung tâm *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="111"/>
        <source>Họ và tên người dùng *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="112"/>
        <source>Cơ quan chủ quản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="113"/>
        <source>Địa danh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="114"/>
        <source>Giám đốc Trung tâm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="115"/>
        <source>Kế toán</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="116"/>
        <source>Viết tắt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="117"/>
        <source>Mẫu số văn bản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="118"/>
        <source>Cơ quan giao đề án KCQG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="119"/>
        <source>Cơ quan giao đề án KCĐP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="135"/>
        <source>Số in trên văn bản, ví dụ biên bản số 12: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="234"/>
        <source>Thông tin Trung tâm (dùng trên màn hình và các mẫu in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="239"/>
        <location filename="../../desktop/ui/settings_page.py" line="524"/>
        <source>Lưu cài đặt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="244"/>
        <source>Dữ liệu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="249"/>
        <source>Tệp dữ liệu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="262"/>
        <location filename="../../desktop/ui/settings_page.py" line="287"/>
        <location filename="../../desktop/ui/settings_page.py" line="323"/>
        <location filename="../../desktop/ui/settings_page.py" line="352"/>
        <source>Cập nhật phần mềm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="263"/>
        <source>Kiểm tra cập nhật</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="265"/>
        <source>Hỏi máy chủ đồng bộ có phiên bản mới hơn không</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="267"/>
        <source>Cập nhật từ tệp…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="269"/>
        <source>Gói cập nhật (.kcupdate) Trung tâm gửi qua USB hoặc thư điện tử</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="271"/>
        <source>Đang dùng phiên bản %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="288"/>
        <source>Chưa đặt máy chủ đồng bộ (trang Đồng bộ). Không có mạng: dùng “Cập nhật từ tệp…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="297"/>
        <source>Chọn gói cập nhật</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="297"/>
        <source>Gói cập nhật (*%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="309"/>
        <location filename="../../desktop/ui/settings_page.py" line="312"/>
        <source>Đang kiểm tra bản cập nhật…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="317"/>
        <source>Phần mềm đã là phiên bản mới nhất (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="320"/>
        <source>Có phiên bản %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="325"/>
        <source>Có phiên bản %1 (đang dùng %2), cần tải %3 từ %4.

Cài ngay? Dữ liệu được sao lưu trước; dữ liệu và các thay đổi chờ đồng bộ được giữ nguyên. Phần mềm sẽ đóng lại để hoàn tất.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="340"/>
        <source>Đang tải bản cập nhật: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="344"/>
        <source>Đang tải bản cập nhật…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="348"/>
        <source>Phần mềm sẽ đóng lại và mở phiên bản %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="350"/>
        <source>Đã cài phiên bản %1. Phần mềm sẽ đóng lại; hãy mở lại.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="360"/>
        <source>Sao lưu (tự động mỗi ngày, trước khi nâng cấp dữ liệu, nhập Excel, cập nhật)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="363"/>
        <source>Lúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="363"/>
        <source>Loại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="363"/>
        <source>Dung lượng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="370"/>
        <source>Sao lưu ngay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="373"/>
        <source>Khôi phục bản đã chọn…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="376"/>
        <source>Mở thư mục sao lưu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="412"/>
        <source>Khôi phục</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="412"/>
        <source>Hãy chọn một bản sao lưu trong danh sách.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="424"/>
        <source>%1 thay đổi được lưu sau lúc đó sẽ không còn trong dữ liệu đang dùng (chỉ còn trong bản sao của dữ liệu hiện tại).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="427"/>
        <location filename="../../desktop/ui/settings_page.py" line="434"/>
        <location filename="../../desktop/ui/settings_page.py" line="449"/>
        <source>Khôi phục dữ liệu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="419"/>
        <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu lúc %1? Dữ liệu hiện tại vẫn được giữ lại thành một bản sao. Phần mềm sẽ đóng lại sau khi khôi phục; hãy mở lại.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="434"/>
        <source>Đã khôi phục. Phần mềm sẽ đóng lại.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="450"/>
        <source>Vẫn khôi phục bản sao lưu này?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="472"/>
        <source>Lời văn các mẫu in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="478"/>
        <source>Sửa lời văn mẫu này…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="481"/>
        <source>Chép lời văn của phần mềm sang thư mục riêng của Trung tâm (một lần) rồi mở bằng trình soạn thảo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="484"/>
        <source>Mở thư mục mẫu biểu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="488"/>
        <source>Giữ nguyên các tên trong dấu {…}: phần mềm điền số liệu vào đó. Xóa tệp trong thư mục để dùng lại lời văn gốc.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_page.py" line="524"/>
        <source>Đã lưu.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="242"/>
        <source>đã gửi %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="243"/>
        <source>đã nhận %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="246"/>
        <source>%1 xung đột cần xem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="248"/>
        <source>%1 thay đổi bị máy chủ từ chối</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="157"/>
        <source>Đồng bộ xong: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="163"/>
        <source>Lưu ý: máy này không có kho mật khẩu của hệ điều hành nên không giữ được phiên đăng nhập; lần sau mở phần mềm, hãy nhập lại mật khẩu ở trang Đồng bộ để tiếp tục đồng bộ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="172"/>
        <source>Đã dừng đồng bộ; lần sau sẽ tiếp tục từ chỗ đã dừng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="213"/>
        <source>Đã ghi danh máy này với máy chủ (người dùng %1): từ nay đồng bộ được bằng tệp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="217"/>
        <source>Đã ghi %1 thay đổi vào %2: hãy gửi tệp này cho quản trị máy chủ, rồi nhập tệp trả lời.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="223"/>
        <source>Đã nhập tệp trả lời: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="250"/>
        <source>đã sửa %1 bản ghi khác với máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="252"/>
        <source>dữ liệu khớp với máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="261"/>
        <source>Máy chủ từ chối %1 thay đổi (xem thẻ “Bị từ chối” bên dưới để làm lại hoặc bỏ):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="269"/>
        <source>… và %1 lý do khác (xem thẻ “Bị từ chối”)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="283"/>
        <source>còn %1 thay đổi chưa gửi được lên máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="286"/>
        <source>%1 bản ghi từ máy chủ chưa lưu được trên máy này (xem thẻ “Chờ lưu”)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="292"/>
        <source>Dữ liệu chưa khớp với máy chủ dù máy đã tự đối chiếu và sửa. Bấm “Đồng bộ ngay” để đối chiếu lại; nếu vẫn chưa khớp, hãy báo quản trị máy chủ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="297"/>
        <source>người có quyền đăng nhập đồng bộ trên máy này để gửi các thay đổi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="299"/>
        <source>bấm “Đồng bộ ngay” để gửi nốt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="301"/>
        <source>các bản ghi chờ lưu sẽ tự được lưu ở lần đồng bộ sau, khi bản ghi liên quan đã về</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="303"/>
        <source>Dữ liệu chưa khớp với máy chủ vì %1. Bước tiếp: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="304"/>
        <source> và </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="319"/>
        <source>Đang đồng bộ…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="321"/>
        <source>Chưa kết nối máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="322"/>
        <source>%1 thay đổi chờ gửi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="324"/>
        <source>Cần chú ý (xem mục Đồng bộ) — </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="326"/>
        <source>Lỗi đồng bộ — </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="328"/>
        <source>Đồng bộ lúc %1 — </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="336"/>
        <source>Đồng bộ với máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="340"/>
        <source>ví dụ: https://dongbo.khuyencong.vn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="346"/>
        <source>Đăng xuất</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="347"/>
        <source>Máy chủ và tài khoản</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="349"/>
        <source>Địa chỉ máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="350"/>
        <source>Tên đăng nhập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="351"/>
        <source>Mật khẩu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="370"/>
        <source>Dừng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="371"/>
        <source>Đồng bộ ngay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="375"/>
        <source>Tình trạng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="377"/>
        <source>Thay đổi chờ gửi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="378"/>
        <source>Lần đồng bộ gần nhất</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="395"/>
        <source>Ghi tệp gửi máy chủ…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="396"/>
        <source>Ghi các thay đổi đang chờ vào một tệp (.kcsync) để mang đi bằng USB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="397"/>
        <source>Nhập tệp trả lời…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="398"/>
        <source>Nhập tệp trả lời (.kcsync) do quản trị máy chủ gửi lại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="399"/>
        <source>Ghi danh bằng tệp…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="401"/>
        <source>Lần đầu, cho máy không bao giờ lên mạng: nhập tệp ghi danh (.kcenrol) do quản trị máy chủ tạo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="403"/>
        <source>Không có mạng: đồng bộ qua tệp (USB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="465"/>
        <location filename="../../desktop/ui/sync_page.py" line="518"/>
        <location filename="../../desktop/ui/sync_page.py" line="559"/>
        <source>Bản ghi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="466"/>
        <source>Trường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="467"/>
        <source>Giá trị đang dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="468"/>
        <location filename="../../desktop/ui/sync_page.py" line="470"/>
        <source>Của ai, lúc nào</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="469"/>
        <source>Giá trị kia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="471"/>
        <source>Loại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="484"/>
        <location filename="../../desktop/ui/sync_page.py" line="783"/>
        <source>Giữ giá trị đang dùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="485"/>
        <location filename="../../desktop/ui/sync_page.py" line="784"/>
        <source>Dùng giá trị kia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="489"/>
        <source>Tất cả các loại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="495"/>
        <source>Chọn tất cả</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="496"/>
        <source>Chọn mọi dòng đang hiện (Ctrl+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="501"/>
        <source>&amp;Loại:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="655"/>
        <location filename="../../desktop/ui/sync_page.py" line="668"/>
        <source>Ghi tệp gửi máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="657"/>
        <source>Máy này chưa được ghi danh với máy chủ nên chưa ghi được tệp gửi máy chủ.

Khi có mạng: nhập địa chỉ máy chủ, tên đăng nhập, mật khẩu rồi bấm “Đồng bộ ngay” một lần.
Không có mạng: xin quản trị máy chủ tệp ghi danh (.kcenrol) của máy này, rồi bấm “Ghi danh bằng tệp…”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="668"/>
        <location filename="../../desktop/ui/sync_page.py" line="678"/>
        <source>Tệp đồng bộ (*.kcsync)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="676"/>
        <source>Nhập tệp ghi danh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="676"/>
        <source>Tệp ghi danh (*.kcenrol)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="678"/>
        <source>Nhập tệp trả lời của máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="759"/>
        <source>%1 xung đột: chọn một hay nhiều dòng (Shift, Ctrl) rồi chọn cách xử lý.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="764"/>
        <source>%1 trong %2 xung đột thuộc loại này.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="784"/>
        <source>Gộp vào bản kia</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="785"/>
        <source>Chọn các dòng cùng loại: gộp bản ghi và chọn giá trị là hai việc khác</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="798"/>
        <source>Gộp %1 bản ghi vào bản kia?

Mọi đề án, sản phẩm, lớp học… đang gắn với bản này sẽ gắn với bản kia; bản này được đánh dấu xóa (khôi phục được trong “Đã xóa”). Hoàn tác được bằng Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="802"/>
        <source>Xử lý %1 xung đột như sau? Hoàn tác được bằng Ctrl+Z.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="819"/>
        <source>Xử lý %1 xung đột</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="845"/>
        <source>Không có thay đổi nào bị máy chủ từ chối. Khi máy chủ từ chối một thay đổi (ví dụ: chỉ Giám đốc Trung tâm được phê duyệt), bản ghi trở lại như trên máy chủ và những gì đã nhập được giữ ở đây.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="850"/>
        <source>%1 thay đổi bị máy chủ từ chối: bản ghi đang giữ như trên máy chủ, những gì đã nhập được giữ ở đây. Khi người có quyền đã đăng nhập đồng bộ trên máy này (hoặc đã nhập đủ những gì còn thiếu), chọn một dòng rồi bấm “Làm lại” và “Đồng bộ ngay”; hoặc bấm “Bỏ” nếu không cần nữa.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="895"/>
        <source>Làm lại thay đổi bị từ chối</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="912"/>
        <location filename="../../desktop/ui/sync_page.py" line="926"/>
        <source>Bỏ thay đổi bị từ chối</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="914"/>
        <source>Bỏ thay đổi đã nhập cho %1?

%2

Bản ghi sẽ giữ như trên máy chủ; những gì đã nhập ở thay đổi này sẽ mất và không lấy lại được.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="944"/>
        <source>Không có bản ghi nào từ máy chủ đang chờ lưu trên máy này.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="947"/>
        <source>%1 bản ghi từ máy chủ chưa lưu được trên máy này, vì lý do ghi bên cạnh; các dữ liệu khác vẫn đồng bộ bình thường. Máy thử lưu lại ở mỗi lần đồng bộ (thường là khi bản ghi liên quan đã về); nếu sau vài lần vẫn còn, hãy báo quản trị máy chủ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="587"/>
        <source>Đã đăng nhập: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="587"/>
        <source>Chưa đăng nhập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="591"/>
        <source>chưa đồng bộ lần nào</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="622"/>
        <source>Đang đồng bộ…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="629"/>
        <source>Nhập địa chỉ máy chủ trước</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="637"/>
        <source>Nhập mật khẩu để đăng nhập lần đầu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="490"/>
        <location filename="../../desktop/ui/sync_page.py" line="734"/>
        <source>Có thể trùng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="492"/>
        <location filename="../../desktop/ui/sync_page.py" line="736"/>
        <source>Tự động (bản sửa sau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="491"/>
        <location filename="../../desktop/ui/sync_page.py" line="735"/>
        <source>Cần quyết định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="344"/>
        <source>chỉ cần khi đăng nhập; không lưu trên máy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="519"/>
        <source>Thay đổi đã nhập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="520"/>
        <location filename="../../desktop/ui/sync_page.py" line="559"/>
        <source>Lý do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="521"/>
        <source>Người có quyền</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="522"/>
        <source>Người nhập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="523"/>
        <source>Lúc nhập</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="541"/>
        <source>Làm lại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="543"/>
        <source>Nhập lại đúng những gì đã nhập, như một thay đổi mới, để gửi ở lần đồng bộ tới</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="545"/>
        <source>Bỏ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="546"/>
        <source>Bỏ những gì đã nhập; bản ghi giữ như trên máy chủ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="718"/>
        <source>Xung đột</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="719"/>
        <source>Bị từ chối</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="720"/>
        <source>Chờ lưu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="757"/>
        <source>Không có xung đột nào.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="783"/>
        <source>Giữ cả hai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="805"/>
        <source>Gộp bản ghi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="805"/>
        <location filename="../../desktop/ui/sync_page.py" line="817"/>
        <source>Xử lý xung đột</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="126"/>
        <source>Hủy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="127"/>
        <source>Đang thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TraineePage</name>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="130"/>
        <location filename="../../desktop/ui/other_lists.py" line="157"/>
        <source>Họ và tên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="131"/>
        <location filename="../../desktop/ui/other_lists.py" line="158"/>
        <source>Ngày sinh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="132"/>
        <location filename="../../desktop/ui/other_lists.py" line="159"/>
        <source>Giới tính</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="133"/>
        <location filename="../../desktop/ui/other_lists.py" line="161"/>
        <source>Số CCCD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="134"/>
        <source>Xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="135"/>
        <location filename="../../desktop/ui/other_lists.py" line="165"/>
        <source>Điện thoại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="136"/>
        <source>Số lớp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="143"/>
        <source>học viên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="148"/>
        <source>Mọi xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="160"/>
        <source>Dân tộc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="162"/>
        <source>Tỉnh/thành phố, xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="163"/>
        <source>Địa chỉ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="164"/>
        <source>Đối tượng ưu tiên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="166"/>
        <source>Đã xóa lúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="144"/>
        <source>Thêm học viên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="144"/>
        <source>Sửa học viên</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="181"/>
        <source>Lớp đào tạo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="182"/>
        <source>Học viên</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VotingPage</name>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="202"/>
        <source>Đợt bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="203"/>
        <source>Cấp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="204"/>
        <location filename="../../desktop/ui/other_lists.py" line="225"/>
        <source>Năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="205"/>
        <location filename="../../desktop/ui/other_lists.py" line="227"/>
        <source>Số quyết định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="206"/>
        <source>Sản phẩm đăng ký</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="213"/>
        <source>đợt bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="217"/>
        <source>Mọi năm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="223"/>
        <source>Tên đợt bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="224"/>
        <source>Cấp bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="226"/>
        <source>Hội đồng bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="228"/>
        <source>Ngày quyết định</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="229"/>
        <source>Đã xóa lúc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="214"/>
        <source>Thêm đợt bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/other_lists.py" line="214"/>
        <source>Sửa đợt bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VotingWorkspace</name>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="120"/>
        <source>Sửa thông tin đợt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="123"/>
        <source>Hội đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="124"/>
        <source>Sản phẩm đăng ký</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="125"/>
        <source>Chấm điểm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="126"/>
        <location filename="../../desktop/ui/voting_workspace.py" line="241"/>
        <source>Kết quả</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="128"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="148"/>
        <source>Phiếu chấm điểm của mọi giám khảo, mọi sản phẩm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="149"/>
        <source>Giấy chứng nhận sản phẩm CNNT tiêu biểu của đợt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="154"/>
        <location filename="../../desktop/ui/voting_workspace.py" line="157"/>
        <source>Họ và tên</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="154"/>
        <location filename="../../desktop/ui/voting_workspace.py" line="159"/>
        <source>Chức vụ, đơn vị</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="160"/>
        <source>Thêm vào hội đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="161"/>
        <source>Bỏ khỏi hội đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="177"/>
        <source>Mã</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="177"/>
        <location filename="../../desktop/ui/voting_workspace.py" line="195"/>
        <location filename="../../desktop/ui/voting_workspace.py" line="237"/>
        <source>Sản phẩm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="177"/>
        <location filename="../../desktop/ui/voting_workspace.py" line="195"/>
        <location filename="../../desktop/ui/voting_workspace.py" line="238"/>
        <source>Cơ sở</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="177"/>
        <source>Nhóm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="180"/>
        <source>Đăng ký sản phẩm…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="181"/>
        <source>Bỏ đăng ký</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="196"/>
        <source>Thị trường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="196"/>
        <source>Kinh tế - kỹ thuật</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="196"/>
        <source>Văn hóa, thẩm mỹ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="196"/>
        <source>Khác</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="200"/>
        <source>Tổng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="213"/>
        <source>Lưu phiếu chấm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="217"/>
        <source>Để trống cả dòng nếu thành viên chưa chấm sản phẩm đó. Đạt khi điểm trung bình từ %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="223"/>
        <source>Phiếu chấm của</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="236"/>
        <source>Xếp hạng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="239"/>
        <source>Số phiếu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="240"/>
        <source>Điểm trung bình</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="277"/>
        <source>Đạt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="277"/>
        <source>Không đạt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="358"/>
        <source>“%1”: điểm “%2” phải là số nguyên từ 0 đến %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="378"/>
        <source>Lưu phiếu chấm của “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="396"/>
        <source>Thêm “%1” vào hội đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="403"/>
        <source>Bỏ “%1” khỏi hội đồng?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="406"/>
        <source>Bỏ “%1” khỏi hội đồng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="412"/>
        <source>Tên cơ sở</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="413"/>
        <source>Loại hình</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="414"/>
        <source>Mã số thuế</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="415"/>
        <source>Người đại diện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="416"/>
        <source>Xã/phường</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="417"/>
        <source>Lĩnh vực</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="418"/>
        <source>Điện thoại</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="424"/>
        <source>Chọn cơ sở đăng ký sản phẩm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="440"/>
        <source>Đăng ký sản phẩm “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="454"/>
        <source>Bỏ đăng ký sản phẩm “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="456"/>
        <source>Bỏ đăng ký “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="465"/>
        <source>Sửa đợt bình chọn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/voting_workspace.py" line="466"/>
        <source>Sửa đợt “%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceDialog</name>
    <message>
        <location filename="../../desktop/ui/workspace_dialog.py" line="70"/>
        <source>Có thay đổi chưa lưu: hãy lưu chúng (hoặc đóng cửa sổ để bỏ) trước khi hoàn tác hay làm lại.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workspace_dialog.py" line="106"/>
        <source>Xác nhận</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workspace_dialog.py" line="118"/>
        <source>Bỏ thay đổi?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/workspace_dialog.py" line="119"/>
        <source>Có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>YearDialog</name>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="163"/>
        <source>Lao động tham gia bảo hiểm xã hội bình quân năm (NĐ 80/2021 Điều 7), tổng doanh thu của năm và tổng nguồn vốn cuối năm (Điều 8). Để trống doanh thu hoặc nguồn vốn nếu chưa kê khai.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="172"/>
        <source>đồng, ví dụ 1.500.000.000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/facility_form.py" line="176"/>
        <source>bình quân năm, ví dụ 9,5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../desktop/ui/app.py" line="136"/>
        <source>Đã khôi phục. Hãy mở lại phần mềm để làm việc tiếp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="268"/>
        <source>Tệp dữ liệu %1 bị hỏng ở giữa tệp: phần mềm sẽ đóng lại.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="273"/>
        <source>Đã khôi phục. Phần mềm sẽ đóng lại; hãy mở lại để làm việc tiếp.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../desktop/ui/long_task.py" line="57"/>
        <source>Dừng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/long_task.py" line="58"/>
        <source>Đang thực hiện</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="28"/>
        <source>Xuất ra tệp Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="28"/>
        <source>Tệp Excel (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="48"/>
        <source>Đã xuất Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="49"/>
        <source>Đã ghi %1 dòng vào %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="50"/>
        <source>Mở tệp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/exporting.py" line="51"/>
        <source>Đóng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="60"/>
        <source>Đã chuẩn bị %1/%2 bản</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="230"/>
        <source>Khuyến công</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="238"/>
        <source>Nhật ký: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="241"/>
        <source>Sao chép thông tin hỗ trợ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
