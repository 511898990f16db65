//! Format validators for the identifiers and contact details written in the
//! report: 统一社会信用代码 / 组织机构代码, mobile and landline numbers,
//! postcodes and e-mail addresses.
//!
//! Every validator is a pure function of the text as written. It does not
//! trim, case-fold or otherwise repair the value; it says what is wrong
//! ([`FormatError::message`]), what to write instead ([`FormatError::hint`]),
//! and, when one character is to blame, where it is ([`FormatError::offset`],
//! counted in characters, not bytes).
//!
//! Standards implemented:
//! - GB 32100-2015 法人和其他组织统一社会信用代码编码规则: 18 characters from
//!   the 31-character set `0-9 A-Y` without I, O, S, V, Z; registration
//!   authority and category (table [`AUTHORITIES`]); a 6-digit division code
//!   (GB/T 2260, only checked to be digits); the embedded 组织机构代码 (9–17);
//!   the check character (18), weights 3^i mod 31.
//! - GB 11714-1997 全国组织机构代码编制规则: 8 digits or capital letters plus a
//!   check digit (`0-9` or `X`) with weights 3, 7, 9, 10, 5, 8, 4, 2 mod 11;
//!   written alone it may carry a hyphen before the check digit.
//! - The mainland numbering plan: mobile numbers 1[3-9]xxxxxxxxx (optionally
//!   `+86`/`86` and 3-4-4 grouping); landlines with an area code `010`, `02x`
//!   or `0[3-9]xx`, a 7–8 digit local number not starting with 0 or 1, and an
//!   optional extension.
//! - 6-digit postcodes, and a pragmatic subset of RFC 5322 addresses.

use std::fmt;
use std::ops::Range;

/// Why a value is malformed, in words for the people who fill in the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// What is wrong, in Chinese (e.g. "统一社会信用代码的校验位应为 X，实为 Y").
    pub message: String,
    /// What to write instead, in Chinese.
    pub hint: String,
    /// 0-based character offset inside the value of the offending character, if one (e.g. the check
    /// character), so the caller can point a caret at it.
    pub offset: Option<usize>,
}

impl FormatError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { message: message.into(), hint: hint.into(), offset: None }
    }

    fn at(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Re-bases the offset of an error found in a slice starting at `start`.
    fn shifted(mut self, start: usize) -> Self {
        self.offset = self.offset.map(|o| o + start);
        self
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}（{}）", self.message, self.hint)
    }
}

impl std::error::Error for FormatError {}

type Check = Result<(), FormatError>;

// ---------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------

/// 1-based position for messages.
fn nth(offset: usize) -> usize {
    offset + 1
}

fn reject_empty(what: &str, chars: &[char], hint: &str) -> Check {
    match chars.is_empty() {
        true => Err(FormatError::new(format!("没有填写{what}"), hint)),
        false => Ok(()),
    }
}

/// Leading and trailing whitespace, which the form never wants.
fn reject_edge_spaces(what: &str, chars: &[char]) -> Check {
    let hint = "删去多余的空格";
    if chars.first().is_some_and(|c| c.is_whitespace()) {
        return Err(FormatError::new(format!("{what}开头有空格"), hint).at(0));
    }
    match chars.last() {
        Some(c) if c.is_whitespace() => {
            Err(FormatError::new(format!("{what}末尾有空格"), hint).at(chars.len() - 1))
        }
        _ => Ok(()),
    }
}

/// The half-width form of a full-width character typed through a Chinese IME
/// (dashes included: IMEs turn `-` into `—`).
fn half_width(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '。' => Some('.'),
        '—' | '–' | '−' => Some('-'),
        _ => None,
    }
}

/// The first full-width character, except those in `allowed`.
fn reject_full_width(what: &str, chars: &[char], allowed: &[char], example: &str) -> Check {
    let found = chars.iter().enumerate().find(|(_, c)| !allowed.contains(c) && half_width(**c).is_some());
    match found {
        Some((i, &c)) => Err(FormatError::new(
            format!("{what}里用了全角“{c}”"),
            format!("请改为半角 {}，例如 {example}", half_width(c).unwrap_or(c)),
        )
        .at(i)),
        None => Ok(()),
    }
}

/// Every character in `range` must be an ASCII digit.
fn expect_digits(chars: &[char], range: Range<usize>, what: &str, hint: &str) -> Check {
    let bad = range.clone().find(|&i| !chars[i].is_ascii_digit());
    match bad {
        Some(i) if chars[i].is_whitespace() => Err(FormatError::new(format!("{what}里有空格"), hint).at(i)),
        Some(i) => Err(FormatError::new(format!("{what}里有“{}”，只能是数字", chars[i]), hint).at(i)),
        None => Ok(()),
    }
}

fn text_of(chars: &[char]) -> String {
    chars.iter().collect()
}

// ---------------------------------------------------------------------------
// 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997)
// ---------------------------------------------------------------------------

/// GB 32100 code characters; a character's value is its index.
const USCC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100 weights for characters 1–17 (3^i mod 31).
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// GB 11714 weights for characters 1–8.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

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

fn uscc_value(c: char) -> Option<u32> {
    USCC_CHARSET.find(c).map(|i| i as u32)
}

/// GB 11714 value of a code character: digits 0–9, A–Z 10–35.
fn org_value(c: char) -> Option<u32> {
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

// ---------------------------------------------------------------------------
// Telephone numbers
// ---------------------------------------------------------------------------

const MOBILE: &str = "手机号码";
const MOBILE_EXAMPLE: &str = "139 3511 2468";
const MOBILE_HINT: &str =
    "手机号码为 11 位数字，可连写 13935112468，或按 3-4-4 分组写成 139 3511 2468、139-3511-2468";
const LANDLINE: &str = "座机号码";
const LANDLINE_EXAMPLE: &str = "0351-6237520";
const LANDLINE_HINT: &str =
    "座机号码写成“区号-号码”，如 0351-6237520、(0351)6237520，分机写在后面，如 0351-6237520-801";

/// A mainland mobile number: 11 digits `1[3-9]…`, optionally after `+86` or
/// `86`, written together or grouped 3-4-4 with spaces or hyphens.
pub fn mobile(text: &str) -> Result<(), FormatError> {
    let chars: Vec<char> = text.chars().collect();
    reject_empty(MOBILE, &chars, MOBILE_HINT)?;
    reject_edge_spaces(MOBILE, &chars)?;
    reject_full_width(MOBILE, &chars, &[], MOBILE_EXAMPLE)?;
    let start = mobile_prefix(&chars)?;
    mobile_body(&chars[start..]).map_err(|e| e.shifted(start))
}

/// Length of a `+86` / `86` country prefix with its optional separator.
fn mobile_prefix(chars: &[char]) -> Result<usize, FormatError> {
    let starts = |p: &str| chars.iter().copied().take(p.chars().count()).eq(p.chars());
    let len = if starts("+86") {
        3
    } else if starts("86") && chars.len() > 11 {
        2
    } else if starts("+") {
        let hint = "这里只填中国大陆的手机号码，国家代码写 +86 或省略";
        return Err(FormatError::new("手机号码的国家代码不是 +86", hint).at(0));
    } else {
        0
    };
    let separated = len > 0 && matches!(chars.get(len), Some(' ' | '-'));
    Ok(len + usize::from(separated))
}

fn mobile_body(chars: &[char]) -> Check {
    let bad = chars.iter().position(|c| !c.is_ascii_digit() && *c != ' ' && *c != '-');
    if let Some(i) = bad {
        let message = format!("手机号码里有“{}”，只能是数字", chars[i]);
        return Err(FormatError::new(message, MOBILE_HINT).at(i));
    }
    let digits: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_ascii_digit()).collect();
    if digits.len() != 11 {
        let message = format!("手机号码应为 11 位数字，这里有 {} 位", digits.len());
        return Err(FormatError::new(message, MOBILE_HINT));
    }
    mobile_leading_digits(chars, &digits)?;
    mobile_grouping(chars)
}

fn mobile_leading_digits(chars: &[char], digits: &[usize]) -> Check {
    let (first, second) = (digits[0], digits[1]);
    if chars[first] != '1' {
        let message = format!("手机号码应以 1 开头，这里是“{}”", chars[first]);
        let hint = "核对号码；座机号码要带区号，如 0351-6237520";
        return Err(FormatError::new(message, hint).at(first));
    }
    if !('3'..='9').contains(&chars[second]) {
        let message = format!("手机号码第 2 位应为 3–9，这里是“{}”", chars[second]);
        return Err(FormatError::new(message, "请核对号码是否抄错").at(second));
    }
    Ok(())
}

/// Either 11 digits together or exactly `ddd?dddd?dddd` with `?` a space or hyphen.
fn mobile_grouping(chars: &[char]) -> Check {
    let separators: Vec<usize> = (0..chars.len()).filter(|&i| !chars[i].is_ascii_digit()).collect();
    if separators.is_empty() || separators == [3, 8] {
        return Ok(());
    }
    let wrong = separators.iter().copied().find(|&i| i != 3 && i != 8).unwrap_or(separators[0]);
    let hint = "按 3-4-4 分组，如 139 3511 2468 或 139-3511-2468，也可以连写 13935112468";
    Err(FormatError::new("手机号码的分隔位置不对", hint).at(wrong))
}

/// A landline: area code (`010`, `02x`, `0[3-9]xx`), then `-` or the area code
/// in parentheses, a 7–8 digit local number, and an optional extension written
/// `-801` or `转801`.
pub fn landline(text: &str) -> Result<(), FormatError> {
    let chars: Vec<char> = text.chars().collect();
    reject_empty(LANDLINE, &chars, LANDLINE_HINT)?;
    reject_edge_spaces(LANDLINE, &chars)?;
    reject_full_width(LANDLINE, &chars, &['（', '）'], LANDLINE_EXAMPLE)?;
    if mobile(text).is_ok() {
        return Err(FormatError::new("这是手机号码，这里要填座机号码", LANDLINE_HINT));
    }
    let (main, extension) = match chars.iter().position(|&c| c == '转') {
        Some(k) => (0..k, Some(k + 1..chars.len())),
        None => (0..chars.len(), None),
    };
    if let Some(ext) = extension.clone() {
        check_extension(&chars, ext, main.end)?;
    }
    match chars.first() {
        Some('(' | '（') => landline_parenthesized(&chars, main, extension.is_some()),
        _ => landline_hyphenated(&chars, main, extension.is_some()),
    }
}

fn check_extension(chars: &[char], ext: Range<usize>, marker: usize) -> Check {
    let hint = "分机号写在号码后，用“-”或“转”连接，如 0351-6237520-801 或 0351-6237520转801";
    if ext.is_empty() || ext.len() > 6 {
        let message = format!("分机号应为 1–6 位数字，这里有 {} 位", ext.len());
        return Err(FormatError::new(message, hint).at(marker));
    }
    expect_digits(chars, ext, "分机号", hint)
}

/// `(0351)6237520`, `（0351） 6237520`, optionally `-801`.
fn landline_parenthesized(chars: &[char], main: Range<usize>, has_ext: bool) -> Check {
    let Some(close) = main.clone().find(|&i| matches!(chars[i], ')' | '）')) else {
        return Err(FormatError::new("座机号码的括号没有配对", LANDLINE_HINT).at(0));
    };
    check_area_code(chars, 1..close)?;
    let mut start = close + 1;
    match chars.get(start) {
        Some(' ') if start < main.end => start += 1,
        Some('-') => {
            let hint = "写成 (0351)6237520 或 0351-6237520";
            return Err(FormatError::new("区号加了括号，后面就不用再加“-”", hint).at(start));
        }
        _ => {}
    }
    local_and_extension(chars, start..main.end, has_ext)
}

/// `0351-6237520`, optionally `-801`.
fn landline_hyphenated(chars: &[char], main: Range<usize>, has_ext: bool) -> Check {
    let Some(hyphen) = main.clone().find(|&i| chars[i] == '-') else {
        return Err(no_area_code(chars, main));
    };
    check_area_code(chars, main.start..hyphen)?;
    local_and_extension(chars, hyphen + 1..main.end, has_ext)
}

/// The local number, possibly followed by `-extension`.
fn local_and_extension(chars: &[char], rest: Range<usize>, has_ext: bool) -> Check {
    let local = match rest.clone().find(|&i| chars[i] == '-') {
        Some(h) if has_ext => {
            let hint = "分机号只写一次：0351-6237520-801 或 0351-6237520转801";
            return Err(FormatError::new("座机号码里“-”和“转”重复标出分机号", hint).at(h));
        }
        Some(h) => {
            check_extension(chars, h + 1..rest.end, h)?;
            rest.start..h
        }
        None => rest,
    };
    check_local_number(chars, local)
}

/// Explains a number written without `-` or parentheses.
fn no_area_code(chars: &[char], main: Range<usize>) -> FormatError {
    let digits = &chars[main.clone()];
    let all_digits = digits.iter().all(char::is_ascii_digit);
    if let Some(space) = main.clone().find(|&i| chars[i] == ' ') {
        let message = "座机号码的区号和号码之间用了空格";
        return FormatError::new(message, "区号和号码之间用“-”连接，如 0351-6237520").at(space);
    }
    match (all_digits, digits.first(), digits.len()) {
        (true, Some('2'..='9'), 7 | 8) => FormatError::new(
            "座机号码缺少区号",
            "在号码前加区号和“-”，如太原为 0351-6237520；外省的号码请写该地的区号",
        ),
        (true, Some('0'), 10..=12) => {
            FormatError::new("座机号码的区号和号码之间缺少“-”", "在区号后加“-”，如 0351-6237520")
        }
        _ => match main.clone().find(|&i| !chars[i].is_ascii_digit()) {
            Some(i) => FormatError::new(format!("座机号码里有“{}”", chars[i]), LANDLINE_HINT).at(i),
            None => FormatError::new("座机号码的格式不对", LANDLINE_HINT),
        },
    }
}

/// `010` and `02x` have three digits; `03xx`–`09xx` four.
fn check_area_code(chars: &[char], range: Range<usize>) -> Check {
    let hint = "区号：北京 010 和 02X（如上海 021）为 3 位，其余如太原 0351 为 4 位";
    let start = range.start;
    expect_digits(chars, range.clone(), "区号", hint)?;
    let area = &chars[range];
    let wrong = |message: String| Err(FormatError::new(message, hint).at(start));
    let text = text_of(area);
    match area {
        [] => wrong("座机号码缺少区号".to_string()),
        ['0', '1', '0'] | ['0', '2', _] | ['0', '3'..='9', _, _] => Ok(()),
        ['0', '1', _] => wrong(format!("“{text}”不是有效的区号")),
        ['0', '1' | '2', ..] => wrong(format!("区号“{text}”位数不对：以 01、02 开头的区号为 3 位")),
        ['0', '3'..='9', ..] => wrong(format!("区号“{text}”位数不对：以 03–09 开头的区号为 4 位")),
        ['0', ..] => wrong(format!("“{text}”不是有效的区号")),
        _ => wrong(format!("区号应以 0 开头，这里是“{text}”")),
    }
}

fn check_local_number(chars: &[char], range: Range<usize>) -> Check {
    let start = range.start;
    expect_digits(chars, range.clone(), "座机号码", LANDLINE_HINT)?;
    let n = range.len();
    if !(7..=8).contains(&n) {
        let message = format!("区号后的号码应为 7–8 位，这里有 {n} 位");
        return Err(FormatError::new(message, "请核对号码是否漏写或多写了数字；分机号用“-”或“转”隔开"));
    }
    match chars[start] {
        '0' | '1' => Err(FormatError::new(
            format!("区号后的号码不会以“{}”开头", chars[start]),
            "核对是否把区号写了两遍，或抄错了号码",
        )
        .at(start)),
        _ => Ok(()),
    }
}

/// Characters that separate several numbers in one field.
const NUMBER_SEPARATORS: [char; 6] = ['、', ',', '，', ';', '；', '/'];

/// A mobile or landline number, or several separated by `、` `,` `，` `;`
/// `；` or `/` (spaces next to a separator are allowed); each must be valid.
pub fn phone(text: &str) -> Result<(), FormatError> {
    let chars: Vec<char> = text.chars().collect();
    let both = "手机号如 139 3511 2468，座机号带区号如 0351-6237520";
    reject_empty("电话号码", &chars, both)?;
    let parts = split_numbers(&chars);
    let many = parts.len() > 1;
    for (k, part) in parts.into_iter().enumerate() {
        one_phone(&chars, part.clone(), both).map_err(|mut e| {
            if many {
                e.message = format!("第 {} 个号码：{}", k + 1, e.message);
                e.offset = e.offset.or(Some(part.start));
            }
            e
        })?;
    }
    Ok(())
}

/// Ranges of the numbers between separators, without the spaces next to a separator.
fn split_numbers(chars: &[char]) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || NUMBER_SEPARATORS.contains(&chars[i])) {
        let (mut a, mut b) = (start, end);
        while a < b && start > 0 && chars[a] == ' ' {
            a += 1;
        }
        while a < b && end < chars.len() && chars[b - 1] == ' ' {
            b -= 1;
        }
        parts.push(a..b);
        start = end + 1;
    }
    parts
}

fn one_phone(chars: &[char], part: Range<usize>, both: &str) -> Check {
    if part.is_empty() {
        let is_separator = |i: &usize| NUMBER_SEPARATORS.contains(&chars[*i]);
        let separator =
            (0..part.start).rev().find(is_separator).or_else(|| (part.end..chars.len()).find(is_separator));
        let error = FormatError::new("分隔符前后缺少号码", format!("删去多余的分隔符；{both}"));
        return Err(error.at(separator.unwrap_or(0)));
    }
    let text = text_of(&chars[part.clone()]);
    if !text.contains(|c: char| c.is_ascii_digit()) {
        return Err(FormatError::new(format!("“{text}”不是电话号码"), both));
    }
    if let Some(space) = space_between_numbers(&text) {
        let hint = "多个号码之间用“、”隔开，如 0351-6237520、139 3511 2468";
        return Err(FormatError::new("两个号码之间用了空格", hint).at(part.start + space));
    }
    let looks_mobile = text.starts_with(['+', '1']) || text.starts_with("86");
    let (result, other) = match looks_mobile {
        true => (mobile(&text), "此栏也可填座机号码，带区号，如 0351-6237520"),
        false => (landline(&text), "此栏也可填手机号码，如 139 3511 2468"),
    };
    result.map_err(|e| {
        let hint = format!("{}；{other}", e.hint);
        FormatError { hint, ..e.shifted(part.start) }
    })
}

/// The first space of a text that is several valid numbers separated by spaces.
fn space_between_numbers(text: &str) -> Option<usize> {
    let pieces: Vec<&str> = text.split(' ').collect();
    let valid = |p: &&str| mobile(p).is_ok() || landline(p).is_ok();
    match pieces.len() >= 2 && pieces.iter().all(valid) {
        true => text.chars().position(|c| c == ' '),
        false => None,
    }
}

// ---------------------------------------------------------------------------
// Postcode and e-mail
// ---------------------------------------------------------------------------

/// A 6-digit postcode. Out-of-province postcodes are fine: members may be
/// registered anywhere, so only the form is checked.
pub fn postcode(text: &str) -> Result<(), FormatError> {
    let chars: Vec<char> = text.chars().collect();
    let hint = "邮政编码为 6 位数字，如 030025";
    reject_empty("邮政编码", &chars, hint)?;
    reject_edge_spaces("邮政编码", &chars)?;
    reject_full_width("邮政编码", &chars, &[], "030025")?;
    expect_digits(&chars, 0..chars.len(), "邮政编码", hint)?;
    match chars.len() {
        6 => Ok(()),
        5 if chars[0] != '0' => Err(FormatError::new(
            "邮政编码应为 6 位数字，这里只有 5 位",
            "如果开头的 0 丢了：在 YAML 里给邮编加引号，如 \"030025\"",
        )),
        n => Err(FormatError::new(format!("邮政编码应为 6 位数字，这里有 {n} 位"), hint)),
    }
}

const EMAIL: &str = "邮箱地址";
const EMAIL_EXAMPLE: &str = "secretariat@example.cn";
const EMAIL_HINT: &str = "写成“用户名@域名”，如 secretariat@example.cn";

/// A pragmatic e-mail check: one `@`, a local part of RFC 5322 atom characters
/// and dots, a domain of at least two labels made of letters, digits and
/// hyphens, ending in an alphabetic top-level domain of two letters or more.
pub fn email(text: &str) -> Result<(), FormatError> {
    let chars: Vec<char> = text.chars().collect();
    reject_empty(EMAIL, &chars, EMAIL_HINT)?;
    reject_full_width(EMAIL, &chars, &[], EMAIL_EXAMPLE)?;
    reject_email_spaces_and_non_ascii(&chars)?;
    let ats: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '@').collect();
    match ats[..] {
        [] => Err(FormatError::new("邮箱地址缺少“@”", EMAIL_HINT)),
        [at] => {
            check_local_part(&chars, 0..at)?;
            check_domain(&chars, at + 1..chars.len())
        }
        [_, second, ..] => {
            let hint = "一个邮箱地址只有一个 @；如要填多个邮箱，只填一个常用的";
            Err(FormatError::new("邮箱地址里有不止一个“@”", hint).at(second))
        }
    }
}

fn reject_email_spaces_and_non_ascii(chars: &[char]) -> Check {
    let Some(i) = chars.iter().position(|c| c.is_whitespace() || !c.is_ascii_graphic()) else {
        return Ok(());
    };
    match chars[i] {
        c if c.is_whitespace() => {
            Err(FormatError::new("邮箱地址里有空格", "删去空格，邮箱地址中间和前后都不加空格").at(i))
        }
        c => Err(FormatError::new(
            format!("邮箱地址里有“{c}”"),
            "邮箱地址只能用英文字母、数字和 . _ - 等半角符号，如 secretariat@example.cn",
        )
        .at(i)),
    }
}

fn check_local_part(chars: &[char], range: Range<usize>) -> Check {
    if range.is_empty() {
        return Err(FormatError::new("邮箱地址“@”前面缺少用户名", EMAIL_HINT).at(range.end));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c);
    if let Some(i) = range.clone().find(|&i| !allowed(chars[i])) {
        let message = format!("邮箱地址的用户名里不能有“{}”", chars[i]);
        return Err(FormatError::new(message, "用户名由英文字母、数字和 . _ - + 组成").at(i));
    }
    let misplaced_dot = range
        .clone()
        .find(|&i| chars[i] == '.' && (i == range.start || i + 1 == range.end || chars[i + 1] == '.'));
    match misplaced_dot {
        Some(i) => {
            Err(FormatError::new("邮箱地址的用户名不能以“.”开头或结尾，也不能有连续的“..”", "删去多余的“.”")
                .at(i))
        }
        None => Ok(()),
    }
}

fn check_domain(chars: &[char], range: Range<usize>) -> Check {
    if range.is_empty() {
        return Err(FormatError::new("邮箱地址“@”后面缺少域名", EMAIL_HINT).at(range.start - 1));
    }
    let labels = domain_labels(chars, range.clone());
    for label in &labels {
        check_domain_label(chars, label.clone())?;
    }
    if labels.len() < 2 {
        let message = format!("邮箱地址的域名“{}”缺少后缀", text_of(&chars[range]));
        return Err(FormatError::new(message, "域名至少有一个“.”，如 example.cn、qq.com"));
    }
    check_top_level_domain(chars, labels[labels.len() - 1].clone())
}

fn domain_labels(chars: &[char], range: Range<usize>) -> Vec<Range<usize>> {
    let mut labels = Vec::new();
    let mut start = range.start;
    for i in range.clone().filter(|&i| chars[i] == '.').chain([range.end]) {
        labels.push(start..i);
        start = i + 1;
    }
    labels
}

fn check_domain_label(chars: &[char], label: Range<usize>) -> Check {
    let hint = "域名由英文字母、数字和“-”组成，各段之间用一个“.”隔开，如 sxmjxcl.example.cn";
    if label.is_empty() {
        // The dot after an empty label, or before it when the domain ends in a dot.
        let dot = if chars.get(label.start) == Some(&'.') { label.start } else { label.start - 1 };
        return Err(FormatError::new("邮箱地址的域名里有多余的“.”", hint).at(dot));
    }
    if let Some(i) = label.clone().find(|&i| !chars[i].is_ascii_alphanumeric() && chars[i] != '-') {
        let hint = if chars[i] == ',' {
            "是不是把“.”写成了“,”？域名各段之间用“.”隔开"
        } else {
            hint
        };
        return Err(FormatError::new(format!("邮箱地址的域名里不能有“{}”", chars[i]), hint).at(i));
    }
    let edge = [label.start, label.end - 1].into_iter().find(|&i| chars[i] == '-');
    match edge {
        Some(i) => Err(FormatError::new("邮箱地址的域名各段不能以“-”开头或结尾", hint).at(i)),
        None => Ok(()),
    }
}

fn check_top_level_domain(chars: &[char], tld: Range<usize>) -> Check {
    let ok = tld.len() >= 2 && tld.clone().all(|i| chars[i].is_ascii_alphabetic());
    if ok {
        return Ok(());
    }
    Err(FormatError::new(
        format!("邮箱地址的域名后缀“{}”不对", text_of(&chars[tld.clone()])),
        "最后一段应为至少两个英文字母，如 .cn、.com",
    )
    .at(tld.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `code:` in example-report/members.yaml.
    const EXAMPLE_MEMBER_CODES: [&str; 26] = [
        "91140110589727658L",
        "9114010905142919X6",
        "91140702655643939F",
        "91140400MAPBUYBQ1H",
        "91140200762229477N",
        "91140100MA0WCGB72P",
        "911403008884591126",
        "911411003013585750",
        "91140500MA0LN8HNXG",
        "91140107MADDUQ5Y7R",
        "91140600MARH7EWU7F",
        "91140106MAF992D0XM",
        "91140105MAYBW0YR0E",
        "91141000612261594N",
        "91140105MA7PGUE278",
        "121400000467848321",
        "121400006775322527",
        "12140000741761552D",
        "12140100363372823B",
        "121400007339361725",
        "12140100436537837T",
        "121407009947673033",
        "1214090057561517XN",
        "51140000107919199G",
        "511401002704413917",
        "52140100MAFXC0PH8M",
    ];

    /// A valid code with the given first 16 characters: completes the
    /// embedded 组织机构代码 check digit, then the GB 32100 check character.
    fn complete(first16: &str) -> String {
        let org = org_code_check_char(&first16[8..16]).unwrap();
        let first17 = format!("{first16}{org}");
        let check = credit_code_check_char(&first17).unwrap();
        format!("{first17}{check}")
    }

    /// Deterministic pseudo-random codes over the whole table and character set.
    fn generated_codes(count: usize) -> Vec<String> {
        let charset: Vec<char> = USCC_CHARSET.chars().collect();
        let mut state: u64 = 0x2015_3210;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        (0..count)
            .map(|_| {
                let (authority, _, categories) = AUTHORITIES[next(AUTHORITIES.len())];
                let category = categories.chars().nth(next(categories.len())).unwrap();
                let division: String = (0..6).map(|_| charset[next(10)]).collect();
                let body: String = (0..8).map(|_| charset[next(charset.len())]).collect();
                complete(&format!("{authority}{category}{division}{body}"))
            })
            .collect()
    }

    fn error(result: Result<(), FormatError>) -> FormatError {
        result.expect_err("should be rejected")
    }

    // --- check characters -------------------------------------------------

    #[test]
    fn computes_the_check_character_of_the_published_fuzhou_example() {
        // Σ value·weight for 91350100M000100Y4 is 524 = 16·31 + 28; 31 − 28 = 3.
        let sum: u32 =
            "91350100M000100Y4".chars().zip(USCC_WEIGHTS).map(|(c, w)| uscc_value(c).unwrap() * w).sum();
        assert_eq!(sum % 31, 28);
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(credit_code("91350100M000100Y43"), Ok(()));
    }

    #[test]
    fn credit_code_check_char_maps_31_to_zero() {
        // Find a prefix whose weighted sum is a multiple of 31 by varying one character.
        let prefix = (0..31)
            .map(|v| format!("9114010058972765{}", USCC_CHARSET.chars().nth(v).unwrap()))
            .find(|p| {
                let sum: u32 = p.chars().zip(USCC_WEIGHTS).map(|(c, w)| uscc_value(c).unwrap() * w).sum();
                sum.is_multiple_of(31)
            })
            .unwrap();
        assert_eq!(credit_code_check_char(&prefix), Some('0'));
    }

    #[test]
    fn org_code_check_char_follows_gb_11714() {
        // D143 01 23: 13·3 + 1·7 + 4·9 + 3·10 + 0·5 + 1·8 + 2·4 + 3·2 = 134; 134 mod 11 = 2; 11 − 2 = 9.
        assert_eq!(org_code_check_char("D1430123"), Some('9'));
        let with = |target: u32| {
            (0..36u32)
                .map(|v| format!("1234567{}", char::from_digit(v, 36).unwrap().to_ascii_uppercase()))
                .find(|p| {
                    let sum: u32 = p.chars().zip(ORG_WEIGHTS).map(|(c, w)| org_value(c).unwrap() * w).sum();
                    11 - sum % 11 == target
                })
                .unwrap()
        };
        assert_eq!(org_code_check_char(&with(10)), Some('X'));
        assert_eq!(org_code_check_char(&with(11)), Some('0'));
    }

    #[test]
    fn check_char_functions_refuse_malformed_input() {
        assert_eq!(credit_code_check_char("91350100M000100Y"), None);
        assert_eq!(credit_code_check_char("91350100M000100Y45"), None);
        assert_eq!(credit_code_check_char("91350100M000100I4"), None);
        assert_eq!(credit_code_check_char("91350100m000100Y4"), None);
        assert_eq!(org_code_check_char("MA0L0G6"), None);
        assert_eq!(org_code_check_char("MA0L0G6T0"), None);
        assert_eq!(org_code_check_char("ma0l0g6t"), None);
        assert_eq!(org_code_check_char("MA0L-G6T"), None);
    }

    // --- credit codes: accepted ---------------------------------------------

    #[test]
    fn accepts_every_member_code_of_the_example_report() {
        for code in EXAMPLE_MEMBER_CODES {
            assert_eq!(credit_code(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn accepts_valid_credit_codes() {
        for code in generated_codes(500) {
            assert_eq!(credit_code(&code), Ok(()), "{code}");
        }
    }

    #[test]
    fn accepts_every_authority_and_category_in_the_gb_32100_table() {
        for (authority, _, categories) in AUTHORITIES {
            for category in categories.chars() {
                let code = complete(&format!("{authority}{category}140100MA0WCGB7"));
                assert_eq!(credit_code(&code), Ok(()), "{code}");
            }
        }
    }

    #[test]
    fn accepts_org_code_with_hyphen() {
        let check = org_code_check_char("MA0L0G6T").unwrap();
        assert_eq!(credit_code(&format!("MA0L0G6T-{check}")), Ok(()));
        assert_eq!(credit_code("D1430123-9"), Ok(()));
    }

    #[test]
    fn accepts_org_code_without_hyphen() {
        for code in EXAMPLE_MEMBER_CODES {
            assert_eq!(credit_code(&code[8..17]), Ok(()), "{code}");
        }
        assert_eq!(credit_code("D14301239"), Ok(()));
    }

    #[test]
    fn accepts_org_code_with_letters_gb_32100_does_not_use() {
        // GB 11714 allows every capital letter; only GB 32100 leaves out I, O, S, V, Z.
        let check = org_code_check_char("SOVIZ123").unwrap();
        assert_eq!(credit_code(&format!("SOVIZ123{check}")), Ok(()));
    }

    // --- credit codes: rejected ---------------------------------------------

    #[test]
    fn rejects_credit_code_with_bad_check_character_and_names_the_right_one() {
        let e = error(credit_code("91350100M000100Y4C"));
        assert_eq!(e.message, "统一社会信用代码的校验位（第 18 位）应为“3”，这里是“C”");
        assert!(e.hint.contains("前 17 位"));
        assert_eq!(e.offset, Some(17));
    }

    #[test]
    fn detects_every_single_character_substitution() {
        let charset: Vec<char> = USCC_CHARSET.chars().collect();
        for code in EXAMPLE_MEMBER_CODES.iter().map(|c| c.to_string()).chain(generated_codes(10)) {
            for i in 0..18 {
                for &c in charset.iter().filter(|&&c| Some(c) != code.chars().nth(i)) {
                    let mut typo: Vec<char> = code.chars().collect();
                    typo[i] = c;
                    let typo: String = typo.into_iter().collect();
                    assert!(credit_code(&typo).is_err(), "{code} -> {typo}");
                }
            }
        }
    }

    #[test]
    fn rejects_credit_code_of_wrong_length_and_says_how_long() {
        let e = error(credit_code("91140110589727658"));
        assert_eq!(e.message, "统一社会信用代码应为 18 位，这里有 17 位");
        assert!(e.hint.contains("18 位"));
        let e = error(credit_code("911401105897276581L"));
        assert_eq!(e.message, "统一社会信用代码应为 18 位，这里有 19 位");
        let e = error(credit_code("MA0L0G6T"));
        assert_eq!(e.message, "组织机构代码应为 9 位，这里有 8 位");
        assert!(e.hint.contains("18 位") && e.hint.contains("9 位"));
    }

    #[test]
    fn rejects_empty_credit_code() {
        let e = error(credit_code(""));
        assert_eq!(e.message, "没有填写代码");
        assert_eq!(e.offset, None);
    }

    #[test]
    fn rejects_letters_i_o_s_v_z() {
        let good = "91140100MA0WCGB72P";
        for (letter, likely) in [('I', "1"), ('O', "0"), ('S', "5"), ('V', "U"), ('Z', "2")] {
            let code = format!("{}{letter}{}", &good[..10], &good[11..]);
            let e = error(credit_code(&code));
            assert_eq!(
                e.message,
                format!("统一社会信用代码第 11 位是字母“{letter}”，而代码中不使用 I、O、S、V、Z"),
            );
            assert!(e.hint.contains(likely), "{}", e.hint);
            assert_eq!(e.offset, Some(10));
        }
    }

    #[test]
    fn rejects_lowercase_letters_with_hint_to_write_uppercase() {
        let e = error(credit_code("91140100ma0WCGB72P"));
        assert_eq!(e.message, "统一社会信用代码第 9 位是小写字母“m”");
        assert!(e.hint.contains("大写“M”"));
        assert_eq!(e.offset, Some(8));
        assert_eq!(error(credit_code("ma0l0g6t-0")).offset, Some(0));
    }

    #[test]
    fn rejects_spaces_in_and_around_credit_code() {
        for (code, at) in [
            (" 91140100MA0WCGB72P", 0),
            ("91140100MA0WCGB72P ", 18),
            ("91140100 MA0WCGB72P", 8),
            ("91140100\u{3000}MA0WCGB72P", 8),
        ] {
            let e = error(credit_code(code));
            assert!(e.message.contains("空格"), "{code}: {}", e.message);
            assert_eq!(e.offset, Some(at), "{code}");
        }
    }

    #[test]
    fn rejects_full_width_characters_in_credit_code() {
        let e = error(credit_code("９1140100MA0WCGB72P"));
        assert_eq!(e.message, "统一社会信用代码里用了全角“９”");
        assert!(e.hint.contains("半角 9"));
        assert_eq!(e.offset, Some(0));
    }

    #[test]
    fn rejects_symbols_and_names_their_position() {
        let e = error(credit_code("91140100MA0WCGB7#P"));
        assert_eq!(e.message, "统一社会信用代码第 17 位是“#”，代码只能由数字和大写字母组成");
        assert_eq!(e.offset, Some(16));
        let e = error(credit_code("91140100-MA0WCGB72P"));
        assert!(e.hint.contains("中间不加“-”"));
        assert_eq!(e.offset, Some(8));
        let e = error(credit_code("MA0L0G-6T0"));
        assert_eq!(e.offset, Some(6));
    }

    #[test]
    fn rejects_unknown_registration_authority() {
        let code = complete("B1140100MA0WCGB7");
        let e = error(credit_code(&code));
        assert_eq!(e.message, "统一社会信用代码第 1 位“B”不是有效的登记管理部门代码");
        assert_eq!(e.offset, Some(0));
    }

    #[test]
    fn rejects_category_the_authority_does_not_issue() {
        for (prefix, allowed) in [("94", "1、2、3"), ("58", "1、2、3、9"), ("Y2", "1"), ("79", "")] {
            let code = complete(&format!("{prefix}140100MA0WCGB7"));
            if allowed.is_empty() {
                assert_eq!(credit_code(&code), Ok(()), "{code}");
                continue;
            }
            let e = error(credit_code(&code));
            assert!(e.message.contains(&format!("“{prefix}”无效")), "{}", e.message);
            assert!(e.message.ends_with(&format!("第 2 位只能是 {allowed}")), "{}", e.message);
            assert_eq!(e.offset, Some(1));
        }
    }

    #[test]
    fn rejects_letter_in_division_code() {
        let code = complete("911401A0MA0WCGB7");
        let e = error(credit_code(&code));
        assert_eq!(e.message, "统一社会信用代码第 3–8 位（登记机关行政区划码）里有“A”，只能是数字");
        assert_eq!(e.offset, Some(6));
    }

    #[test]
    fn rejects_credit_code_whose_embedded_org_code_fails() {
        // Right 18th character for a wrong 17th: only the GB 11714 digit can catch it.
        let first17 = "91140100MA0WCGB73";
        let code = format!("{first17}{}", credit_code_check_char(first17).unwrap());
        let e = error(credit_code(&code));
        assert_eq!(
            e.message,
            "统一社会信用代码第 9–17 位是组织机构代码，其校验码（第 17 位）应为“2”，这里是“3”"
        );
        assert_eq!(e.offset, Some(16));
    }

    #[test]
    fn rejects_org_code_with_bad_check_digit() {
        let e = error(credit_code("D1430123-8"));
        assert_eq!(e.message, "组织机构代码的校验码（最后一位）应为“9”，这里是“8”");
        assert_eq!(e.offset, Some(9));
        let e = error(credit_code("D1430123A"));
        assert_eq!(e.message, "组织机构代码的最后一位是校验码，只能是数字或 X，这里是“A”");
        assert_eq!(e.offset, Some(8));
        let e = error(credit_code("D14#0123-9"));
        assert_eq!(e.offset, Some(3));
    }

    // --- mobile ------------------------------------------------------------

    #[test]
    fn accepts_mobile_numbers_written_together_or_grouped() {
        for number in ["13935112468", "139 3511 2468", "139-3511-2468", "199 0000 0000", "13012345678"] {
            assert_eq!(mobile(number), Ok(()), "{number}");
        }
    }

    #[test]
    fn accepts_mobile_with_86_prefix_and_spaces() {
        for number in
            ["+86 139 3511 2468", "+8613935112468", "86 139 3511 2468", "8613935112468", "+86-139-3511-2468"]
        {
            assert_eq!(mobile(number), Ok(()), "{number}");
        }
    }

    #[test]
    fn rejects_mobile_of_wrong_length() {
        let e = error(mobile("1393511246"));
        assert_eq!(e.message, "手机号码应为 11 位数字，这里有 10 位");
        assert_eq!(error(mobile("139 3511 24680")).message, "手机号码应为 11 位数字，这里有 12 位");
    }

    #[test]
    fn rejects_mobile_not_starting_with_13_to_19() {
        let e = error(mobile("12935112468"));
        assert_eq!(e.message, "手机号码第 2 位应为 3–9，这里是“2”");
        assert_eq!(e.offset, Some(1));
        let e = error(mobile("+86 23935112468"));
        assert_eq!(e.message, "手机号码应以 1 开头，这里是“2”");
        assert_eq!(e.offset, Some(4));
    }

    #[test]
    fn rejects_mobile_grouped_other_than_3_4_4() {
        for (number, at) in
            [("1393 511 2468", 4), ("139 35112468", 3), ("139  3511 2468", 4), ("13935 112468", 5)]
        {
            let e = error(mobile(number));
            assert_eq!(e.message, "手机号码的分隔位置不对", "{number}");
            assert_eq!(e.offset, Some(at), "{number}");
        }
    }

    #[test]
    fn rejects_mobile_with_letters_full_width_digits_or_foreign_prefix() {
        assert_eq!(error(mobile("139O3511246")).offset, Some(3));
        let e = error(mobile("１3935112468"));
        assert_eq!(e.message, "手机号码里用了全角“１”");
        assert_eq!(e.offset, Some(0));
        assert_eq!(error(mobile("+1 139 3511 2468")).message, "手机号码的国家代码不是 +86");
        assert_eq!(error(mobile(" 13935112468")).message, "手机号码开头有空格");
        assert_eq!(error(mobile("13935112468 ")).offset, Some(11));
    }

    // --- landline ----------------------------------------------------------

    #[test]
    fn accepts_landlines_with_area_code() {
        for number in [
            "0351-6237520",
            "0351-62375201",
            "010-62345678",
            "022-2345678",
            "(0351)6237520",
            "（0351）6237520",
            "(0351) 6237520",
            "0351-6237520-801",
            "0351-6237520转801",
            "(0351)6237520-801",
            "0898-66778899",
        ] {
            assert_eq!(landline(number), Ok(()), "{number}");
        }
    }

    #[test]
    fn rejects_landline_without_area_code() {
        let e = error(landline("6237520"));
        assert_eq!(e.message, "座机号码缺少区号");
        assert!(e.hint.contains("0351-"));
        assert_eq!(error(landline("62375201")).message, "座机号码缺少区号");
    }

    #[test]
    fn rejects_landline_without_hyphen_or_with_space() {
        assert_eq!(error(landline("03516237520")).message, "座机号码的区号和号码之间缺少“-”");
        let e = error(landline("0351 6237520"));
        assert_eq!(e.message, "座机号码的区号和号码之间用了空格");
        assert_eq!(e.offset, Some(4));
    }

    #[test]
    fn rejects_area_codes_of_the_wrong_shape() {
        for (number, message) in [
            ("035-6237520", "区号“035”位数不对：以 03–09 开头的区号为 4 位"),
            ("03511-6237520", "区号“03511”位数不对：以 03–09 开头的区号为 4 位"),
            ("0101-62375201", "区号“0101”位数不对：以 01、02 开头的区号为 3 位"),
            ("011-62375201", "“011”不是有效的区号"),
            ("351-6237520", "区号应以 0 开头，这里是“351”"),
            ("()6237520", "座机号码缺少区号"),
        ] {
            let e = error(landline(number));
            assert_eq!(e.message, message, "{number}");
            assert!(e.offset.is_some(), "{number}");
        }
    }

    #[test]
    fn rejects_local_numbers_of_the_wrong_length_or_start() {
        assert_eq!(error(landline("0351-623752")).message, "区号后的号码应为 7–8 位，这里有 6 位");
        assert_eq!(error(landline("0351-623752011")).message, "区号后的号码应为 7–8 位，这里有 9 位");
        let e = error(landline("0351-0351623"));
        assert_eq!(e.message, "区号后的号码不会以“0”开头");
        assert_eq!(e.offset, Some(5));
    }

    #[test]
    fn rejects_malformed_extensions_and_parentheses() {
        assert_eq!(error(landline("0351-6237520转")).message, "分机号应为 1–6 位数字，这里有 0 位");
        assert_eq!(error(landline("0351-6237520-80a")).offset, Some(15));
        assert_eq!(error(landline("0351-6237520-801转2")).offset, Some(12));
        assert_eq!(error(landline("(0351-6237520")).message, "座机号码的括号没有配对");
        assert_eq!(error(landline("(0351)-6237520")).offset, Some(6));
    }

    #[test]
    fn rejects_ime_dashes_in_landline() {
        for dash in ['—', '－', '–'] {
            let e = error(landline(&format!("0351{dash}6237520")));
            assert_eq!(e.message, format!("座机号码里用了全角“{dash}”"));
            assert!(e.hint.contains("半角 -"));
            assert_eq!(e.offset, Some(4));
        }
    }

    #[test]
    fn rejects_mobile_number_in_landline_field() {
        assert_eq!(error(landline("139 3511 2468")).message, "这是手机号码，这里要填座机号码");
    }

    // --- phone -------------------------------------------------------------

    #[test]
    fn accepts_mobile_or_landline_as_phone() {
        for number in ["0351-6237520", "139 3511 2468", "+86 139 3511 2468", "(0351)6237520转8"] {
            assert_eq!(phone(number), Ok(()), "{number}");
        }
    }

    #[test]
    fn accepts_several_phone_numbers_with_any_separator() {
        for separator in ["、", ",", "，", ";", "；", "/", "， ", " / "] {
            let numbers = format!("0351-6237520{separator}13935112468{separator}0351-6237518");
            assert_eq!(phone(&numbers), Ok(()), "{numbers}");
        }
    }

    #[test]
    fn rejects_phone_and_mentions_both_forms() {
        let e = error(phone("6237520"));
        assert_eq!(e.message, "座机号码缺少区号");
        assert!(e.hint.contains("0351-6237520") && e.hint.contains("139 3511 2468"), "{}", e.hint);
        let e = error(phone("1393511246"));
        assert!(e.message.starts_with("手机号码"));
        assert!(e.hint.contains("0351-6237520") && e.hint.contains("139 3511 2468"), "{}", e.hint);
    }

    #[test]
    fn rejects_the_bad_one_of_several_phone_numbers_and_points_into_it() {
        let e = error(phone("0351-6237520、139 3511 246"));
        assert_eq!(e.message, "第 2 个号码：手机号码应为 11 位数字，这里有 10 位");
        let e = error(phone("0351-6237520， 0351-0237520"));
        assert!(e.message.starts_with("第 2 个号码：区号后的号码不会以“0”开头"), "{}", e.message);
        assert_eq!(e.offset, Some(19));
        let e = error(phone("0351-6237520、"));
        assert_eq!(e.message, "第 2 个号码：分隔符前后缺少号码");
        assert_eq!(e.offset, Some(12));
    }

    #[test]
    fn rejects_phone_numbers_separated_by_spaces_and_words() {
        let e = error(phone("0351-6237520 13935112468"));
        assert_eq!(e.message, "两个号码之间用了空格");
        assert_eq!(e.offset, Some(12));
        assert_eq!(error(phone("0351-6237520、无")).message, "第 2 个号码：“无”不是电话号码");
        let e = error(phone("0351-6237520；6237518"));
        assert_eq!(e.message, "第 2 个号码：座机号码缺少区号");
        assert_eq!(e.offset, Some(13), "points at the number when no single character is to blame");
    }

    #[test]
    fn rejects_empty_phone() {
        let e = error(phone(""));
        assert!(e.hint.contains("0351-6237520") && e.hint.contains("139 3511 2468"));
    }

    // --- postcode ----------------------------------------------------------

    #[test]
    fn accepts_six_digit_postcodes_in_and_out_of_province() {
        for code in ["030025", "030001", "041000", "100000", "518000"] {
            assert_eq!(postcode(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn rejects_postcode_that_lost_its_leading_zero_with_a_yaml_hint() {
        let e = error(postcode("30025"));
        assert_eq!(e.message, "邮政编码应为 6 位数字，这里只有 5 位");
        assert!(e.hint.contains("引号"));
    }

    #[test]
    fn rejects_postcodes_of_wrong_length_or_with_other_characters() {
        assert_eq!(error(postcode("0300251")).message, "邮政编码应为 6 位数字，这里有 7 位");
        assert_eq!(error(postcode("03002")).message, "邮政编码应为 6 位数字，这里有 5 位");
        assert_eq!(error(postcode("03O025")).offset, Some(2));
        assert_eq!(error(postcode("０30025")).message, "邮政编码里用了全角“０”");
        assert_eq!(error(postcode("030 025")).message, "邮政编码里有空格");
        assert_eq!(error(postcode("")).message, "没有填写邮政编码");
    }

    // --- email -------------------------------------------------------------

    #[test]
    fn accepts_ordinary_email_addresses() {
        for address in [
            "secretariat@sxmjxcl.example.cn",
            "zhang.san@example.com",
            "Zhang_San+report@Mail.Example-Group.com.cn",
            "12345678@qq.com",
            "a@b.cn",
        ] {
            assert_eq!(email(address), Ok(()), "{address}");
        }
    }

    #[test]
    fn rejects_full_width_at_in_email() {
        let e = error(email("secretariat＠example.cn"));
        assert_eq!(e.message, "邮箱地址里用了全角“＠”");
        assert_eq!(e.hint, "请改为半角 @，例如 secretariat@example.cn");
        assert_eq!(e.offset, Some(11));
    }

    #[test]
    fn rejects_full_width_dots_in_email() {
        for (address, dot) in [("secretariat@example。cn", '。'), ("secretariat@example．cn", '．')] {
            let e = error(email(address));
            assert_eq!(e.message, format!("邮箱地址里用了全角“{dot}”"));
            assert!(e.hint.contains("半角 ."));
            assert_eq!(e.offset, Some(19));
        }
    }

    #[test]
    fn rejects_spaces_and_chinese_in_email() {
        assert_eq!(error(email("secretariat @example.cn")).offset, Some(11));
        assert_eq!(error(email(" secretariat@example.cn")).message, "邮箱地址里有空格");
        assert_eq!(error(email("秘书处@example.cn")).message, "邮箱地址里有“秘”");
    }

    #[test]
    fn rejects_email_without_exactly_one_at() {
        assert_eq!(error(email("secretariat.example.cn")).message, "邮箱地址缺少“@”");
        let e = error(email("a@b@example.cn"));
        assert_eq!(e.message, "邮箱地址里有不止一个“@”");
        assert_eq!(e.offset, Some(3));
    }

    #[test]
    fn rejects_email_with_bad_local_part() {
        assert_eq!(error(email("@example.cn")).message, "邮箱地址“@”前面缺少用户名");
        assert_eq!(error(email(".abc@example.cn")).offset, Some(0));
        assert_eq!(error(email("a..b@example.cn")).offset, Some(1));
        assert_eq!(error(email("abc.@example.cn")).offset, Some(3));
        assert_eq!(error(email("a(b)@example.cn")).message, "邮箱地址的用户名里不能有“(”");
    }

    #[test]
    fn rejects_email_with_bad_domain() {
        assert_eq!(error(email("abc@")).message, "邮箱地址“@”后面缺少域名");
        assert_eq!(error(email("abc@localhost")).message, "邮箱地址的域名“localhost”缺少后缀");
        assert_eq!(error(email("abc@example.c")).message, "邮箱地址的域名后缀“c”不对");
        assert_eq!(error(email("abc@example.c0m")).offset, Some(12));
        assert_eq!(error(email("abc@example..cn")).offset, Some(12));
        assert_eq!(error(email("abc@example.cn.")).offset, Some(14));
        assert_eq!(error(email("abc@.example.cn")).offset, Some(4));
        assert_eq!(error(email("abc@-example.cn")).offset, Some(4));
        assert_eq!(error(email("abc@exa_mple.cn")).offset, Some(7));
        let e = error(email("abc@qq,com"));
        assert_eq!(e.message, "邮箱地址的域名里不能有“,”");
        assert!(e.hint.contains("写成了“,”"));
    }

    // --- all validators ----------------------------------------------------

    type Validator = fn(&str) -> Result<(), FormatError>;

    const VALIDATORS: [(Validator, &str); 6] = [
        (credit_code, "credit_code"),
        (mobile, "mobile"),
        (landline, "landline"),
        (phone, "phone"),
        (postcode, "postcode"),
        (email, "email"),
    ];

    /// Asserts the contract every error keeps: words in both fields, and an
    /// offset, if any, that points at a character of the value.
    fn assert_well_formed_error(name: &str, value: &str) {
        if let Err(e) = VALIDATORS.iter().find(|(_, n)| *n == name).unwrap().0(value) {
            let len = value.chars().count();
            assert!(e.offset.is_none_or(|o| o < len), "{name}({value:?}) -> {e:?}");
            assert!(!e.message.is_empty() && !e.hint.is_empty(), "{name}({value:?})");
        }
    }

    #[test]
    fn every_error_offset_points_inside_the_value() {
        let samples = "|、|()|（|转|@|.|+86|０|9114|a@b.|a@.b|0351-|0351-6237520、|、0351-6237520|0351-6237520-|\
                       (0351)|MA0L0G6T-|13935112468 |x@y.cn。|0351转|139-|86|@@|a@b|a@b-.cn|a@b.cn-|（0351）";
        for (_, name) in VALIDATORS {
            for sample in samples.split('|') {
                assert_well_formed_error(name, sample);
            }
        }
    }

    #[test]
    fn never_panics_and_keeps_offsets_inside_on_short_strings_of_tricky_characters() {
        let alphabet = ['0', '1', '3', '9', 'X', 'a', ' ', '-', '(', ')', '（', '转', '@', '.', '、', '＠'];
        let mut level = vec![String::new()];
        let mut values = level.clone();
        for _ in 0..4 {
            level = level.iter().flat_map(|v| alphabet.iter().map(move |c| format!("{v}{c}"))).collect();
            values.extend(level.iter().cloned());
        }
        for (_, name) in VALIDATORS {
            for value in &values {
                assert_well_formed_error(name, value);
            }
        }
    }
}
