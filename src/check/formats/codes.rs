//! 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997).

use super::*;

// ---------------------------------------------------------------------------
// 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997)
// ---------------------------------------------------------------------------

/// GB 32100 code characters; a character's value is its index.
pub(super) const USCC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100 weights for characters 1–17 (3^i mod 31).
pub(super) const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// GB 11714 weights for characters 1–8.
pub(super) const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// GB 32100-2015 registration authorities (character 1) with their name and the
/// category codes (character 2) each may issue:
///
/// | 1 | 登记管理部门 | 2: 机构类别 |
/// |---|---|---|
/// | 1 | 机构编制 | 1 机关, 2 事业单位, 3 中央编办直接管理机构编制的群众团体, 9 其他 |
/// | 2 | 外交 | 1 外国常驻新闻机构, 9 其他 |
/// | 3 | 司法行政 | 1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构, 5 仲裁委员会, 9 其他 |
/// | 4 | 文化 | 1 外国在华文化中心, 9 其他 |
/// | 5 | 民政 | 1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他 |
/// | 6 | 旅游 | 1 外国旅游部门常驻代表机构, 2 港澳台地区旅游部门常驻内地（大陆）代表机构, 9 其他 |
/// | 7 | 宗教 | 1 宗教活动场所, 2 宗教院校, 9 其他 |
/// | 8 | 工会 | 1 基层工会, 9 其他 |
/// | 9 | 工商 | 1 企业, 2 个体工商户, 3 农民专业合作社 |
/// | A | 中央军委改革和编制办公室 | 1 军队事业单位, 9 其他 |
/// | N | 农业 | 1 组级集体经济组织, 2 村级集体经济组织, 3 乡镇级集体经济组织, 9 其他 |
/// | Y | 其他 | 1 (not subdivided) |
pub const AUTHORITIES: [(char, &str, &str); 12] = [
    ('1', "机构编制", "1239"),
    ('2', "外交", "19"),
    ('3', "司法行政", "123459"),
    ('4', "文化", "19"),
    ('5', "民政", "1239"),
    ('6', "旅游", "129"),
    ('7', "宗教", "129"),
    ('8', "工会", "19"),
    ('9', "工商", "123"),
    ('A', "中央军委改革和编制办公室", "19"),
    ('N', "农业", "1239"),
    ('Y', "其他", "1"),
];

const USCC: &str = "统一社会信用代码";
const ORG: &str = "组织机构代码";
const CODE_HINT: &str = "请对照营业执照或登记证书核对：统一社会信用代码 18 位，由数字和大写字母组成；\
                         尚未换发的可填 9 位组织机构代码，如 MA0L0G6T-0";

pub(super) fn uscc_value(c: char) -> Option<u32> {
    USCC_CHARSET.find(c).map(|i| i as u32)
}

/// GB 11714 value of a code character: digits 0–9, A–Z 10–35.
pub(super) fn org_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' | 'A'..='Z' => c.to_digit(36),
        _ => None,
    }
}

/// The GB 32100 check character (18th) for the first 17 characters, or `None`
/// unless `first17` is exactly 17 characters from the code's character set.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let values: Option<Vec<u32>> = first17.chars().map(uscc_value).collect();
    let values = values.filter(|v| v.len() == 17)?;
    let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let c = (31 - sum % 31) % 31;
    USCC_CHARSET.chars().nth(c as usize)
}

/// The GB 11714 check digit (9th) for the first 8 characters, or `None`
/// unless `first8` is exactly 8 digits or capital letters.
pub fn org_code_check_char(first8: &str) -> Option<char> {
    let values: Option<Vec<u32>> = first8.chars().map(org_value).collect();
    let values = values.filter(|v| v.len() == 8)?;
    let sum: u32 = values.iter().zip(ORG_WEIGHTS).map(|(v, w)| v * w).sum();
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        c => char::from_digit(c, 10),
    }
}

/// An 18-character 统一社会信用代码 (GB 32100-2015), or a 9-character
/// 组织机构代码 (GB 11714), optionally with a hyphen before its check digit
/// (`MA0L0G6T-0`). Strict: no spaces, no lowercase, no full-width characters.
pub fn credit_code(code: &str) -> Result<(), FormatError> {
    let chars: Vec<char> = code.chars().collect();
    let name = if chars.len() <= 10 { ORG } else { USCC };
    reject_empty("代码", &chars, CODE_HINT)?;
    reject_code_spaces(name, &chars)?;
    reject_full_width(name, &chars, &[], "91140100MA0WCGB72P")?;
    reject_lowercase(name, &chars)?;
    if chars.len() == 10 && chars[8] == '-' {
        return org_code(&text_of(&chars[..8]), chars[9], 9);
    }
    reject_code_symbols(name, &chars)?;
    match chars.len() {
        18 => uscc(&chars),
        9 => org_code(&text_of(&chars[..8]), chars[8], 8),
        n => Err(code_length_error(n)),
    }
}

fn reject_code_spaces(name: &str, chars: &[char]) -> Check {
    match chars.iter().position(|c| c.is_whitespace()) {
        Some(i) => Err(FormatError::new(
            format!("{name}里有空格（第 {} 位）", nth(i)),
            "删去空格：代码连续书写，前后和中间都不加空格",
        )
        .at(i)),
        None => Ok(()),
    }
}

fn reject_lowercase(name: &str, chars: &[char]) -> Check {
    match chars.iter().position(|c| c.is_ascii_lowercase()) {
        Some(i) => Err(FormatError::new(
            format!("{name}第 {} 位是小写字母“{}”", nth(i), chars[i]),
            format!("请改为大写“{}”：代码中的字母一律大写", chars[i].to_ascii_uppercase()),
        )
        .at(i)),
        None => Ok(()),
    }
}

/// Anything but digits and capital letters; hyphens get their own message.
fn reject_code_symbols(name: &str, chars: &[char]) -> Check {
    let Some(i) = chars.iter().position(|c| !c.is_ascii_uppercase() && !c.is_ascii_digit()) else {
        return Ok(());
    };
    let hint = match chars[i] {
        '-' => "统一社会信用代码中间不加“-”；只有 9 位组织机构代码可以在最后一位前加“-”，如 MA0L0G6T-0",
        _ => CODE_HINT,
    };
    let message = format!("{name}第 {} 位是“{}”，代码只能由数字和大写字母组成", nth(i), chars[i]);
    Err(FormatError::new(message, hint).at(i))
}

fn code_length_error(n: usize) -> FormatError {
    let message = match n {
        0..=11 => format!("组织机构代码应为 9 位，这里有 {n} 位"),
        _ => format!("统一社会信用代码应为 18 位，这里有 {n} 位"),
    };
    FormatError::new(message, CODE_HINT)
}

/// An 18-character code already known to hold only digits and capitals.
fn uscc(chars: &[char]) -> Check {
    uscc_charset(chars)?;
    uscc_authority(chars[0], chars[1])?;
    expect_digits(
        chars,
        2..8,
        "统一社会信用代码第 3–8 位（登记机关行政区划码）",
        "第 3–8 位是 6 位数字，山西省内登记的以 14 开头，如 91140100…；请对照证照核对",
    )?;
    uscc_embedded_org_code(chars)?;
    uscc_check_char(chars)
}

fn uscc_charset(chars: &[char]) -> Check {
    let Some(i) = chars.iter().position(|&c| uscc_value(c).is_none()) else {
        return Ok(());
    };
    let likely = match chars[i] {
        'I' => "多半是数字 1",
        'O' => "多半是数字 0",
        'S' => "多半是数字 5",
        'Z' => "多半是数字 2",
        _ => "多半是字母 U 或 Y",
    };
    Err(FormatError::new(
        format!("统一社会信用代码第 {} 位是字母“{}”，而代码中不使用 I、O、S、V、Z", nth(i), chars[i]),
        format!("请对照证照核对，这一位{likely}"),
    )
    .at(i))
}

fn uscc_authority(authority: char, category: char) -> Check {
    let hint = "常见的开头：企业 91，事业单位 12，社会团体 51，民办非企业单位 52；请对照证照核对";
    let Some((_, name, allowed)) = AUTHORITIES.iter().find(|(a, _, _)| *a == authority) else {
        let message = format!("统一社会信用代码第 1 位“{authority}”不是有效的登记管理部门代码");
        return Err(FormatError::new(message, hint).at(0));
    };
    if allowed.contains(category) {
        return Ok(());
    }
    let list: Vec<String> = allowed.chars().map(String::from).collect();
    let message = format!(
        "统一社会信用代码前两位“{authority}{category}”无效：第 1 位 {authority}（{name}）时，第 2 位只能是 {}",
        list.join("、")
    );
    Err(FormatError::new(message, hint).at(1))
}

/// Characters 9–17 are a GB 11714 组织机构代码 with its own check digit.
fn uscc_embedded_org_code(chars: &[char]) -> Check {
    let expected = org_code_check_char(&text_of(&chars[8..16]));
    let actual = chars[16];
    if expected == Some(actual) {
        return Ok(());
    }
    let message = match expected {
        Some(e) => format!(
            "统一社会信用代码第 9–17 位是组织机构代码，其校验码（第 17 位）应为“{e}”，这里是“{actual}”"
        ),
        None => "统一社会信用代码第 9–16 位不是有效的组织机构代码".to_string(),
    };
    Err(FormatError::new(message, "第 17 位是根据第 9–16 位计算的，核对第 9–17 位是否抄错").at(16))
}

fn uscc_check_char(chars: &[char]) -> Check {
    // Always `Some`: the character set was checked first.
    let expected = credit_code_check_char(&text_of(&chars[..17]));
    if expected == Some(chars[17]) {
        return Ok(());
    }
    let expected = expected.unwrap_or('?');
    Err(FormatError::new(
        format!("统一社会信用代码的校验位（第 18 位）应为“{expected}”，这里是“{}”", chars[17]),
        "最后一位是根据前 17 位计算的校验位，核对前 17 位是否抄错",
    )
    .at(17))
}

/// A standalone 组织机构代码: `body` is 8 digits or capitals, `check` sits at
/// character `offset` of the value.
fn org_code(body: &str, check: char, offset: usize) -> Check {
    let hint = "最后一位是根据前 8 位计算的，核对前 8 位是否抄错；已换发统一社会信用代码的单位请填 18 位代码";
    let Some(expected) = org_code_check_char(body) else {
        let bad = body.chars().position(|c| org_value(c).is_none()).unwrap_or(0);
        let message = format!("组织机构代码第 {} 位只能是数字或大写字母", nth(bad));
        return Err(FormatError::new(message, CODE_HINT).at(bad));
    };
    if check == expected {
        return Ok(());
    }
    let message = match check {
        '0'..='9' | 'X' => format!("组织机构代码的校验码（最后一位）应为“{expected}”，这里是“{check}”"),
        _ => format!("组织机构代码的最后一位是校验码，只能是数字或 X，这里是“{check}”"),
    };
    Err(FormatError::new(message, hint).at(offset))
}
