//! The editions of the form. The province reissues 附件2 each year: the
//! years its prompts name, the end of the period the tables cover and the
//! date on the cover change. Each edition is one entry here; a report
//! chooses its edition with `form:` in `report.yaml` (default: the newest).
//!
//! Text here is copied from `official-form.txt` verbatim; do not reword it.

/// One edition of 附件2.
#[derive(Debug)]
pub struct Edition {
    /// The year of issue, as a report names it (`form: 2025`).
    pub year: i32,
    /// The date under the cover's 山西省科学技术厅制.
    pub issued: &'static str,
    /// The last year the tables cover (填写说明 二.4: 截止到2024年底).
    pub end_year: i32,
    /// The prompts of 二、三、四, in the form's order.
    pub operation: &'static [Prompt],
    pub innovation: &'static [Prompt],
    pub results: &'static [Prompt],
}

/// One prompt of a narrative part, e.g. 二(1).
#[derive(Debug, Clone, Copy)]
pub struct Prompt {
    /// The prompt as the form prints it, with its number.
    pub text: &'static str,
    /// Whether the prompt asks for each of the last three years.
    pub per_year: bool,
}

const fn p(text: &'static str, per_year: bool) -> Prompt {
    Prompt { text, per_year }
}

/// What the box of 二、三 and 四 says under its heading, before the prompts.
pub const ELABORATE: &str = "分类阐述基本情况（可另附页）";

/// The editions, newest first.
pub const EDITIONS: [Edition; 1] = [Edition {
    year: 2025,
    issued: "二〇二五年七月",
    end_year: 2024,
    operation: &[
        p("（1）联盟成立以来总体运行情况，特别是近三年（2022-2024年度）运行情况；", true),
        p("（2）联盟成立以来机构建设采取的措施及相关制度建立情况；", false),
        p("（3）联盟产学研合作等情况；", false),
        p("（4）联盟成员单位内部网络联系机制平台建设情况；", false),
        p("（5）存在的问题。", false),
    ],
    innovation: &[
        p("（1）开展的产业技术创新活动；", false),
        p(
            "（2）联盟牵头单位及成员单位近3年承担的国家级、省级项目、市级项目及自选项目情况，包括获得支持、经费投入、所产生的经济效益、社会效益、生态效益等情况；",
            true,
        ),
        p("（3）实现的目标以及与国家和省战略目标结合情况；", false),
        p("（4）联盟近三年我省产值分别占全省该产业的比重（2022-2024年度分年度进行表述）；", true),
        p("（5）联盟围绕产业制定的产业发展规划及下一步工作计划。", false),
    ],
    results: &[
        p(
            "（1）联盟成立以来取得的科技成果、成果转移转化总体情况，重点介绍近三年（2022-2024年度分年度进行表述）取得多少成果及转移转化情况；",
            true,
        ),
        p("（2）联盟成果转移转化所产生的产值、利税等经济效益；", false),
        p("（3）联盟产生的生态效益和社会效益。", false),
    ],
}];

impl Edition {
    /// The newest edition.
    pub fn newest() -> &'static Edition {
        &EDITIONS[0]
    }

    /// The edition issued in `year`.
    pub fn of(year: i32) -> Option<&'static Edition> {
        EDITIONS.iter().find(|e| e.year == year)
    }

    /// The prompts of a narrative part.
    pub fn prompts(&self, part: SectionPart) -> &'static [Prompt] {
        match part {
            SectionPart::Operation => self.operation,
            SectionPart::Innovation => self.innovation,
            SectionPart::Results => self.results,
        }
    }
}

/// The three narrative parts of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionPart {
    /// 二、联盟建设、管理及运行情况
    Operation,
    /// 三、联盟开展的技术创新内容
    Innovation,
    /// 四、联盟产生的科技成果及科技成果转移转化情况
    Results,
}

impl SectionPart {
    pub const ALL: [SectionPart; 3] = [Self::Operation, Self::Innovation, Self::Results];

    /// The heading of the part as the form prints it.
    pub fn title(self) -> &'static str {
        match self {
            Self::Operation => "二、联盟建设、管理及运行情况",
            Self::Innovation => "三、联盟开展的技术创新内容",
            Self::Results => "四、联盟产生的科技成果及科技成果转移转化情况",
        }
    }

    /// The part's numeral: 二, 三 or 四.
    pub fn numeral(self) -> &'static str {
        match self {
            Self::Operation => "二",
            Self::Innovation => "三",
            Self::Results => "四",
        }
    }

    /// The file of the report that holds this part.
    pub fn file(self) -> &'static str {
        match self {
            Self::Operation => "sections/operation.md",
            Self::Innovation => "sections/innovation.md",
            Self::Results => "sections/results.md",
        }
    }
}
