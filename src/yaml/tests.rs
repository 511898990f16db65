use super::*;

fn tree(text: &str) -> Node {
    let parsed = parse(text);
    assert!(parsed.complete && parsed.problems.is_empty(), "{:?}", parsed.problems);
    parsed.root.expect("a root")
}

fn at(text: &str, span: Span) -> (usize, usize) {
    position(text, span.start)
}

#[test]
fn every_value_and_key_keeps_where_it_stands() {
    let text = "name: 甲\nalliance:\n  level: 省级\n  channels: [会费, 其它]\nitems:\n  - title: 乙\n    files:\n      - a.pdf\n";
    let root = tree(text);
    let name = &root.entries()[0];
    assert_eq!(
        (name.key.as_str(), at(text, name.key_span), at(text, name.value.span)),
        ("name", (1, 1), (1, 7))
    );
    let alliance = root.get("alliance").unwrap();
    assert_eq!(at(text, alliance.span), (3, 3), "a block mapping stands at its first key");
    let level = alliance.get("level").unwrap();
    assert_eq!((level.scalar().unwrap().text.as_str(), at(text, level.span)), ("省级", (3, 10)));
    let items = root.get("items").unwrap();
    assert_eq!(at(text, items.span), (6, 3), "a block sequence stands at its first dash");
    let Value::Sequence(rows) = &items.value else { panic!() };
    let files = rows[0].get("files").unwrap();
    let Value::Sequence(files) = &files.value else { panic!() };
    assert_eq!(at(text, files[0].span), (8, 9));
}

#[test]
fn scalars_keep_how_they_were_written() {
    let text = "a: 030025\nb: \"030025\"\nc: '甲'\nd: |\n  一\n  二\ne: >-\n  甲\n  乙\nf:\n";
    let root = tree(text);
    let style = |k: &str| root.get(k).unwrap().scalar().unwrap().style;
    assert_eq!(style("a"), Style::Plain);
    assert_eq!(style("b"), Style::DoubleQuoted);
    assert_eq!(style("c"), Style::SingleQuoted);
    assert_eq!(style("d"), Style::Literal);
    assert_eq!(style("e"), Style::Folded);
    assert_eq!(at(text, root.get("d").unwrap().span), (4, 4), "a block scalar stands at its |");
    assert!(root.get("f").unwrap().is_null());
    assert_eq!(root.get("d").unwrap().scalar().unwrap().text, "一\n二\n");
}

#[test]
fn duplicate_keys_anchors_and_tags_are_problems_at_their_place() {
    let text = "a: 1\na: 2\nb: &x 3\nd: !!str 030025\ne: !custom 1\n";
    let parsed = parse(text);
    assert!(parsed.complete);
    let found: Vec<((usize, usize), &str)> =
        parsed.problems.iter().map(|p| (position(text, p.at), p.message.as_str())).collect();
    assert_eq!(
        found,
        [
            ((2, 1), "键“a”在同一层出现了两次"),
            ((3, 4), "这里用了 YAML 的锚点（&名称）"),
            ((5, 4), "这里用了 YAML 的类型标签（以 ! 开头）"),
        ]
    );
    let root = parsed.root.unwrap();
    assert_eq!(root.get("a").unwrap().scalar().unwrap().text, "1", "the first of two keys counts");
    assert!(root.get("d").unwrap().scalar().unwrap().is_quoted(), "!!str makes a string");
}

#[test]
fn an_alias_ends_the_reading_of_a_file_however_large_it_would_grow() {
    let text = format!("a: &x [甲]\nb:\n{}", "  - *x\n".repeat(100_000));
    let parsed = parse(&text);
    assert!(!parsed.complete);
    assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
    assert_eq!(position(&text, parsed.problems[1].at), (3, 5));
}

#[test]
fn a_file_of_too_many_values_is_not_read() {
    let text = format!("members: [{}]\n", "{},".repeat(300_000));
    let parsed = parse(&text);
    assert!(!parsed.complete);
    assert!(parsed.problems[0].message.contains("文件内容太多"));
}

#[test]
fn a_syntax_error_ends_the_tree_and_is_told_in_chinese_at_its_place() {
    for (text, line, message) in [
        ("a: 1\nb: 'x\n", 2, "引号没有配对"),
        ("a:\n  b: 1\n\tc: 2\n", 3, "Tab"),
        ("a: [1, 2\nb: 3\n", 1, "没有对应"),
        ("a: {x: 1\nb: 3\n", 1, "没有对应"),
        ("a: \"甲\nb: 3\n", 1, "引号没有配对"),
        ("a:\n  b: 1\n   c: 2\n", 3, "缩进"),
        ("a: 1\n\u{feff}b: 2\n", 2, "字节顺序标记"),
        ("a: 甲: 乙\n", 1, "“键: 值”"),
        ("- a\nb: 1\n", 2, ""),
    ] {
        let parsed = parse(text);
        assert!(!parsed.complete, "{text:?}");
        let problem = parsed.problems.last().unwrap();
        assert!(problem.message.contains(message), "{text:?}: {}", problem.message);
        let english =
            problem.message.replace("YAML", "").replace("Tab", "").replace("BOM", "").replace("U+FEFF", "");
        assert!(!english.chars().any(|c| c.is_ascii_alphabetic()), "{}", problem.message);
        assert!(
            position(text, problem.at).0 >= line.min(2) - 1,
            "{text:?}: at {:?}",
            position(text, problem.at)
        );
    }
}

#[test]
fn a_second_document_is_named_and_not_read() {
    let parsed = parse("a: 1\n---\nb: 2\n");
    assert!(parsed.complete);
    assert_eq!(parsed.problems.len(), 1);
    assert!(parsed.root.unwrap().get("b").is_none());
}

#[test]
fn deep_nesting_ends_in_a_problem_not_in_recursion() {
    let text = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let parsed = parse(&text);
    assert!(!parsed.complete);
    assert!(parsed.problems[0].message.contains("层数太多"), "{}", parsed.problems[0].message);
}

#[test]
fn chinese_typed_over_several_lines_joins_as_markdown_joins_it() {
    let text = "a: >\n  联盟围绕煤基新材料\n  开展协同创新，\n  共建平台。\n\n  第二段\n  继续。\n\
                b: 联盟运行\n  经费充足\n\
                c: \"双引号里\n  换行\"\n\
                d: '单引号里\n  换行'\n\
                e: >-\n  Latin words\n  stay apart\n\
                f: |\n  字面块\n  保留换行\n\
                g: 手工 空格 保留\n\
                h: >\n  2021\n  年 12 月\n\
                i: \"转义\\u4E00\n  之后\"\n";
    let root = tree(text);
    let value = |k: &str| root.get(k).unwrap().scalar().unwrap().text.clone();
    assert_eq!(value("a"), "联盟围绕煤基新材料开展协同创新，共建平台。\n第二段继续。\n");
    assert_eq!(value("b"), "联盟运行经费充足");
    assert_eq!(value("c"), "双引号里换行");
    assert_eq!(value("d"), "单引号里换行");
    assert_eq!(value("e"), "Latin words stay apart");
    assert_eq!(value("f"), "字面块\n保留换行\n");
    assert_eq!(value("g"), "手工 空格 保留", "a space typed on one line stays");
    assert_eq!(value("h"), "2021年 12 月\n");
    // An escape the line does not show as written: left as YAML read it.
    assert_eq!(value("i"), "转义一 之后");
}

#[test]
fn what_an_input_method_types_for_a_colon_is_named_at_its_character() {
    // (text, what the message says, the line and column of the character)
    for (text, says, place) in [
        ("name: 甲\ncontact：王五\nphone: 1\n", "全角冒号“：”", (2, 8)),
        ("name: 甲\ncontact:\u{a0}王五\n", "不换行空格（U+00A0）", (2, 9)),
        ("name: 甲\ncontact:\u{3000}王五\n", "全角空格（U+3000）", (2, 9)),
        ("members:\n  - name: 甲\n    code: 1\n  - name: 乙\n\tcode: 2\n", "Tab", (5, 1)),
        ("a:\n  b: 1\n\tc: 2\n", "Tab", (3, 1)),
    ] {
        let parsed = parse(text);
        let problem = parsed.problems.last().unwrap_or_else(|| panic!("{text:?} parses"));
        assert!(problem.message.contains(says), "{text:?}: {}", problem.message);
        assert_eq!(position(text, problem.at), place, "{text:?}: {}", problem.message);
    }
    // A full-width colon inside a value is text, not an error.
    let parsed = parse("title: 附件：合同\n");
    assert!(parsed.complete && parsed.problems.is_empty(), "{:?}", parsed.problems);
}
