//! `alliance-report build` on the example report: every part of the form,
//! the data, fonts, determinism, and no PDF for a broken report.

use std::sync::OnceLock;

use super::*;

/// The example built once for all tests of this module.
pub fn example_pdf() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| {
        let out = scratch("example").join("report.pdf");
        build(&example(), &out);
        out
    })
}

/// Every label of the official form, in the form's order (as printed: the
/// extracted text of the Word form lost some structure, see LAYOUT.md).
/// In a two-level header (表2, 表5) the spanning cell comes first in the
/// PDF's text, before the cells that span both header rows.
pub const FORM_LABELS: &[&str] = &[
    "附件2",
    "山西省产业技术创新战略联盟",
    "考核及绩效评价报告",
    "联盟名称：",
    "联盟牵头单位：（盖章）",
    "组织推荐单位：（盖章）",
    "填报人：",
    "联系电话：",
    "填报日期：",
    "山西省科学技术厅制",
    "二〇二五年七月",
    "填写说明",
    "一、本报告的适用范围",
    "经省科技厅认定省级产业技术创新战略联盟。",
    "二、填写要求",
    "1、报告各项内容用计算机填报打印，表中各栏大小可随内容调整，不够时可以自行加页。",
    "2、填表用语简洁明了，数据事实详尽、准确。",
    "3、表内栏目不得空缺，如果某项栏目内容没有，请填“无”。",
    "4、表内数据填写自认定之日起，截止到2024年底。",
    "5、本报告涉及到联盟相关证明材料可用复印件，须装订，并加盖公章。",
    "（1）举办促进行业发展的会议、活动及参加展会等相关证明材料。",
    "（2）产业发展研究报告。",
    "（3）共建公共技术创新平台及使用情况的证明材料。",
    "（4）合作开展科技创新项目任务书或合同书。",
    "（5）对外技术转移、成果转化的相关协议。",
    "（6）联合申请专利、软件著作权等知识产权证明材料。",
    "（7）联盟工作制度和管理规则。",
    "（8）现行有效的联盟协议。",
    "（9）认定以来联盟年会、理事会等会议纪要。",
    "一、联盟简况",
    "联盟名称",
    "技术领域",
    "联盟牵头单位",
    "联盟常设机构",
    "常设机构通讯地址",
    "邮编",
    "联系人",
    "电话",
    "传真",
    "理事长",
    "理事长所在单位",
    "秘书长",
    "秘书长所在单位",
    "通讯地址",
    "邮编",
    "联系人",
    "办公电话",
    "手机",
    "传真",
    "E-mail",
    "认定时间",
    "级别",
    "国家级",
    "省级",
    "认定时联盟成员单位（个）",
    "其中:企业",
    "个；大学",
    "个；科研院所",
    "个；学会协会",
    "个；其它",
    "目前联盟成员单位（个）",
    "秘书处专职人员（人）",
    "办公场所面积（平米）",
    "年办公运行经费（万元）",
    "筹集渠道",
    "牵头单位提供",
    "会费",
    "成员单位均摊",
    "其它",
    "举办的技术交流合作融资对接等活动（次）",
    "开展市场推广及参加专业展会（次）",
    "主办或承办行业会议、活动（次）",
    "其中:国家级会议、活动",
    "省级会议、活动",
    "编制产业研究报告（项）",
    "共建技术创新平台（个）",
    "平台共享使用（次）",
    "国家级平台（个）",
    "省级平台（个）",
    "市级平台（个）",
    "合作开展技术创新项目（项）",
    "项目总经费（万元）",
    "其中：国家项目（项）",
    "其中：国家财政经费（万元）",
    "省级项目（项）",
    "省财政经费（万元）",
    "市级项目（项）",
    "市财政经费（万元）",
    "发明专利（项）",
    "实用新型专利（项）",
    "外观设计专利（项）",
    "申请",
    "授权",
    "植物新品种（项）",
    "新药证书（项）",
    "软件著作权（项）",
    "集成电路布图设计专有权（项）",
    "获批",
    "产生",
    "登记",
    "投入利用",
    "国际标准（项）",
    "国家标准（项）",
    "行业标准（项）",
    "联盟内部标准或规范（项）",
    "研制",
    "批准",
    "知识产权共享（项）",
    "合作开展科技成果转化等活动（次）",
    "二、联盟建设、管理及运行情况",
    "分类阐述基本情况（可另附页）",
    "（1）联盟成立以来总体运行情况，特别是近三年（2022-2024年度）运行情况；",
    "（2）联盟成立以来机构建设采取的措施及相关制度建立情况；",
    "（3）联盟产学研合作等情况；",
    "（4）联盟成员单位内部网络联系机制平台建设情况；",
    "（5）存在的问题。",
    "三、联盟开展的技术创新内容",
    "分类阐述基本情况（可另附页）",
    "（1）开展的产业技术创新活动；",
    "（2）联盟牵头单位及成员单位近3年承担的国家级、省级项目、市级项目及自选项目情况，包括获得支持、经费投入、所产生的经济效益、社会效益、生态效益等情况；",
    "（3）实现的目标以及与国家和省战略目标结合情况；",
    "（4）联盟近三年我省产值分别占全省该产业的比重（2022-2024年度分年度进行表述）；",
    "（5）联盟围绕产业制定的产业发展规划及下一步工作计划。",
    "四、联盟产生的科技成果及科技成果转移转化情况",
    "（1）联盟成立以来取得的科技成果、成果转移转化总体情况，重点介绍近三年（2022-2024年度分年度进行表述）取得多少成果及转移转化情况；",
    "（2）联盟成果转移转化所产生的产值、利税等经济效益；",
    "（3）联盟产生的生态效益和社会效益。",
    "五、联盟成员单位在联盟中的作用（简要说明）",
    "序号",
    "成员单位名称及法人代码",
    "在联盟中起到的作用",
    "（可另附页）",
    "表1",
    "技术合作创新项目一览表",
    "序号",
    "项目名称及编号",
    "立项时间",
    "项目来源",
    "牵头单位",
    "主要合作单位",
    "合作单位数量（家）",
    "总投入（万元）",
    "财政经费（万元）",
    "项目实施情况",
    "注：项目来源分为国家、省、市、县级项目和联盟自行组织成员开展技术创新项目；项目实施情况分为在研、完成。",
    "表2",
    "科技成果转化应用情况一览表",
    "直接经济效益",
    "序号",
    "成果名称",
    "成果来源",
    "转化应用单位",
    "转化方式",
    "社会效益或生态效益",
    "产值（万元）",
    "利润（万元）",
    "税收（万元）",
    "创汇（美元）",
    "注：成果来源分为自主研发、技术转让，转化方式分为自主转化、技术转让，简要描述社会效益或生态效益。",
    "表3",
    "技术创新成果一览表",
    "序号",
    "成果名称",
    "成果类型",
    "成果编号",
    "完成时间",
    "主要完成人",
    "主要完成人单位",
    "备注",
    "注：成果类型分为发明专利、实用新型专利、外观设计专利、植物新品种、新药证书、软件著作权、集成电路布图设计专有权、国际标准、国家标准、地方标准、行业标准、联盟内部标准或规范等；备注要标明知识产权成果申请、授权或批准阶段。",
    "表4",
    "举办促进产业发展相关活动（学术研讨、技术交流、产品发布、洽谈合作、市场营销等）",
    "序号",
    "活动名称",
    "主办单位",
    "举办时间",
    "举办地点",
    "联盟成员单位参加数量（家）",
    "其他单位参加数量（家）",
    "活动规模（人）",
    "表5",
    "科技创新平台建设一览表",
    "级别",
    "序号",
    "名称",
    "启动建设时间（年月）",
    "建成时间（年月）",
    "建设单位",
    "国家级",
    "省级",
    "市级",
    "注：创新平台包括重点实验室、工程技术研究中心、基础条件平台、企业技术中心、重点创新平台等。",
    "六、真实性承诺",
    "现就有关情况承诺如下：",
    "1.我单位对所报送的全部资料真实性负责，保证所报送材料符合国家有关法律法规及相关产业政策要求。",
    "2.相关材料中相关内容及印证材料已经由我单位审核，确认无误。",
    "我单位对违反上述承诺导致的后果承担全部法律责任。",
    "联盟理事长：（签字）",
    "联盟牵头单位：（盖章）",
    "年",
    "月",
    "日",
    "七、联盟牵头单位审核意见",
    "牵头单位意见：",
    "联盟理事长（签字）：",
    "牵头单位负责人（签字）：",
    "（公章）",
    "年",
    "月",
    "日",
    "八、组织推荐部门审核意见",
    "（公章）",
    "年",
    "月",
    "日",
    "九、相关印证材料",
];

#[test]
fn every_label_of_the_form_appears_in_order() {
    let text = pdf_text(example_pdf());
    let mut from = 0;
    for label in FORM_LABELS {
        let label = squeeze(label);
        match text[from..].find(&label) {
            Some(at) => from += at + label.len(),
            None => panic!(
                "label “{label}” is missing after byte {from}; the text there begins: {}",
                text[from..].chars().take(120).collect::<String>()
            ),
        }
    }
}

#[test]
fn example_values_reach_the_pdf() {
    let text = pdf_text(example_pdf());
    let report = std::fs::read_to_string(example().join("report.yaml")).unwrap();
    let members = std::fs::read_to_string(example().join("members.yaml")).unwrap();
    // Values quoted from each YAML file and section: the first scalar of a
    // few keys, taken from the files so that the test follows the example.
    let mut samples = vec![
        yaml_value(&report, "  name:"),
        yaml_value(&report, "  chairman:"),
        yaml_value(&report, "  email:"),
        yaml_value(&members, "  - name:"),
        yaml_value(&members, "    code:"),
    ];
    for table in ["projects", "transfers", "achievements", "events", "platforms"] {
        let yaml = std::fs::read_to_string(example().join(format!("tables/{table}.yaml"))).unwrap();
        samples.push(yaml_value(&yaml, "  - name:"));
    }
    for section in ["operation", "innovation", "results"] {
        let md = std::fs::read_to_string(example().join(format!("sections/{section}.md"))).unwrap();
        let paragraph =
            md.lines().find(|l| l.chars().count() > 30 && !l.starts_with(['#', '-', '>', '|', '*'])).unwrap();
        samples.push(paragraph.chars().take(25).collect());
    }
    for sample in samples {
        assert!(text.contains(&squeeze(&sample)), "“{sample}” is not in the PDF");
    }
}

/// The scalar after the first line that starts with `key`.
fn yaml_value(yaml: &str, key: &str) -> String {
    let line = yaml.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("no {key}"));
    let value = line[key.len()..].split(" #").next().unwrap().trim();
    value.trim_matches(['"', '\'']).to_owned()
}

#[test]
fn fonts_are_embedded_and_text_is_extractable() {
    let fonts = pdf::read(example_pdf()).fonts();
    assert!(fonts.iter().any(|f| f.name.contains("NotoSerifCJKsc")), "{fonts:?}");
    assert!(fonts.iter().any(|f| f.name.contains("NotoSansCJKsc")), "{fonts:?}");
    for font in fonts {
        assert!(font.embedded && font.to_unicode, "font not embedded or without ToUnicode: {font:?}");
    }
}

#[test]
fn pdf_has_metadata_and_a_page_count() {
    let pdf = pdf::read(example_pdf());
    let title = pdf.title().unwrap_or_default();
    assert!(title.contains("考核及绩效评价报告"), "title: {title}");
    assert!(pdf.pages.len() >= 15, "only {} pages", pdf.pages.len());
}

#[test]
fn two_builds_give_the_same_bytes() {
    let dir = scratch("twice");
    let (a, b) = (dir.join("a.pdf"), dir.join("b.pdf"));
    build(&example(), &a);
    build(&example(), &b);
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(), "the two PDFs differ");
}

#[test]
fn a_report_with_errors_gets_no_pdf_and_keeps_the_old_one() {
    let dir = scratch("broken");
    let out = dir.join("report.pdf");
    std::fs::write(&out, b"%PDF-1.7 previous").unwrap();
    let output = run(&["build".as_ref(), fixture("broken").as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("report.yaml:"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF-1.7 previous");
}
