//! Mobile and landline numbers of the mainland numbering plan.

use std::ops::Range;

use super::*;

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
