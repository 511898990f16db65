//! "Did you mean": the expected word nearest to what was written.

/// The expected name nearest to `found`, if it is near enough to be a typo.
pub fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    if found.is_empty() {
        return None;
    }
    let limit = (found.chars().count() / 3).max(2);
    expected.iter().map(|e| (distance(found, e), *e)).filter(|(d, _)| *d <= limit).min().map(|(_, e)| e)
}

/// "你是不是想写“x”？{label}：a、b、c".
pub fn with_closest(found: &str, expected: &[&str], label: &str) -> String {
    let list = expected.join("、");
    match closest(found, expected) {
        Some(best) => format!("你是不是想写“{best}”？{label}：{list}"),
        None if expected.is_empty() => "这里不能再写别的键".to_owned(),
        None => format!("{label}：{list}"),
    }
}

/// The word a message or hint suggests in the words [`with_closest`]
/// writes ("你是不是想写“x”？"), as the checks all say it: what an editor
/// offers to put in the problem's place.
pub fn meant(text: &str) -> Option<&str> {
    let (_, after) = text.split_once("你是不是想写“")?;
    let (word, _) = after.split_once("”？")?;
    Some(word)
}

/// How many characters must be inserted, deleted or replaced to make `a`
/// into `b`.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        assert_eq!(closest("levle", &["name", "level", "email"]), Some("level"));
        assert_eq!(closest("zzzzzz", &["name", "level"]), None);
    }

    #[test]
    fn the_suggested_word_is_read_back_from_the_hint() {
        let hint = with_closest("levle", &["name", "level"], "这里可以用的键");
        assert_eq!(meant(&hint), Some("level"));
        assert_eq!(meant(&with_closest("zzzzzz", &["name", "level"], "可选的值")), None);
    }
}
