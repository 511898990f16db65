//! The fixed wording of the official form that the program's logic needs:
//! the prompts of 二、三、四 and the nine kinds of evidence. Everything else
//! of the form's wording lives in `templates/`.
//!
//! Text here is copied from `official-form.txt` verbatim; do not reword it.

use crate::model::SectionPart;

/// One prompt of a narrative part, e.g. 二(1).
#[derive(Debug, Clone, Copy)]
pub struct Prompt {
    /// The prompt as the form prints it, with its number.
    pub text: &'static str,
    /// Whether the prompt asks for each year of the last three.
    pub per_year: bool,
}

const fn p(text: &'static str, per_year: bool) -> Prompt {
    Prompt { text, per_year }
}

/// The heading of a narrative part as the form prints it.
pub fn section_title(part: SectionPart) -> &'static str {
    match part {
        SectionPart::Operation => "二、联盟建设、管理及运行情况",
        SectionPart::Innovation => "三、联盟开展的技术创新内容",
        SectionPart::Results => "四、联盟产生的科技成果及科技成果转移转化情况",
    }
}

/// The prompts of a narrative part, in order.
pub fn prompts(part: SectionPart) -> &'static [Prompt] {
    match part {
        SectionPart::Operation => &OPERATION,
        SectionPart::Innovation => &INNOVATION,
        SectionPart::Results => &RESULTS,
    }
}

const OPERATION: [Prompt; 5] = [
    p("（1）联盟成立以来总体运行情况，特别是近三年（2022-2024年度）运行情况；", true),
    p("（2）联盟成立以来机构建设采取的措施及相关制度建立情况；", false),
    p("（3）联盟产学研合作等情况；", false),
    p("（4）联盟成员单位内部网络联系机制平台建设情况；", false),
    p("（5）存在的问题。", false),
];

const INNOVATION: [Prompt; 5] = [
    p("（1）开展的产业技术创新活动；", false),
    p(
        "（2）联盟牵头单位及成员单位近3年承担的国家级、省级项目、市级项目及自选项目情况，包括获得支持、经费投入、所产生的经济效益、社会效益、生态效益等情况；",
        true,
    ),
    p("（3）实现的目标以及与国家和省战略目标结合情况；", false),
    p("（4）联盟近三年我省产值分别占全省该产业的比重（2022-2024年度分年度进行表述）；", true),
    p("（5）联盟围绕产业制定的产业发展规划及下一步工作计划。", false),
];

const RESULTS: [Prompt; 3] = [
    p(
        "（1）联盟成立以来取得的科技成果、成果转移转化总体情况，重点介绍近三年（2022-2024年度分年度进行表述）取得多少成果及转移转化情况；",
        true,
    ),
    p("（2）联盟成果转移转化所产生的产值、利税等经济效益；", false),
    p("（3）联盟产生的生态效益和社会效益。", false),
];

/// The nine kinds of evidence (填写说明 二.5), numbered 1–9.
pub const EVIDENCE_KINDS: [&str; 9] = [
    "举办促进行业发展的会议、活动及参加展会等相关证明材料。",
    "产业发展研究报告。",
    "共建公共技术创新平台及使用情况的证明材料。",
    "合作开展科技创新项目任务书或合同书。",
    "对外技术转移、成果转化的相关协议。",
    "联合申请专利、软件著作权等知识产权证明材料。",
    "联盟工作制度和管理规则。",
    "现行有效的联盟协议。",
    "认定以来联盟年会、理事会等会议纪要。",
];
