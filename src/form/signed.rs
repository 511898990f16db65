//! 六、真实性承诺, 七 and 八 as the form prints them: the pledge verbatim,
//! the opinions, and who signs or stamps each.

/// A part of the form that is signed.
#[derive(Debug)]
pub struct Signed {
    pub title: &'static str,
    /// Its text, paragraph by paragraph (六's pledge).
    pub text: &'static [&'static str],
    /// The key of its opinion in `report.yaml`'s `opinions`, and what
    /// the form writes before it (牵头单位意见：).
    pub opinion: Option<(&'static str, Option<&'static str>)>,
    /// The lines to sign, in order.
    pub signers: &'static [&'static str],
    /// Whether the form leaves room for a seal, marked （公  章）.
    pub seal: bool,
}

/// What marks the room for the seal.
pub const SEAL: &str = "（公  章）";

/// The words of the date line, each after its blank: ____年__月__日.
pub const DATE_WORDS: [&str; 3] = ["年", "月", "日"];

/// 六, 七 and 八, in order. Each ends with the date, ____年__月__日.
pub const SIGNED: [Signed; 3] = [
    Signed {
        title: "六、真实性承诺",
        text: &[
            "现就有关情况承诺如下：",
            "1. 我单位对所报送的全部资料真实性负责，保证所报送材料符合国家有关法律法规及相关产业政策要求。",
            "2. 相关材料中相关内容及印证材料已经由我单位审核，确认无误。",
            "我单位对违反上述承诺导致的后果承担全部法律责任。",
        ],
        opinion: None,
        signers: &["联盟理事长：（签字）", "联盟牵头单位：（盖章）"],
        seal: false,
    },
    Signed {
        title: "七、联盟牵头单位审核意见",
        text: &[],
        opinion: Some(("lead_unit", Some("牵头单位意见："))),
        signers: &["联盟理事长（签字）：", "牵头单位负责人（签字）："],
        seal: true,
    },
    Signed {
        title: "八、组织推荐部门审核意见",
        text: &[],
        opinion: Some(("recommender", None)),
        signers: &[],
        seal: true,
    },
];
