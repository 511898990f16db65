//! Postcodes and e-mail addresses.

use std::ops::Range;

use super::*;

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
