use super::*;

fn convert(markdown: &str) -> Converted {
    // An image is placed under /sections unless its name says "missing".
    let image = |dest: &str| (!dest.contains("missing")).then(|| (format!("/sections/{dest}"), "png"));
    to_typst(markdown, &Options { image: &image })
}

fn typst(markdown: &str) -> String {
    convert(markdown).typst
}

fn messages(markdown: &str) -> Vec<(usize, String)> {
    let warnings = convert(markdown).warnings;
    warnings.into_iter().map(|w| (w.line, w.message)).collect()
}

/// Runs `f` on a thread with the default 2 MiB stack, as a worker
/// thread of the CLI would.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic, no overflow")
}

// ----- paragraphs and text -----

#[test]
fn empty_input_gives_empty_output() {
    assert_eq!(convert(""), Converted::default());
    assert_eq!(convert("\n\n  \n"), Converted::default());
}

#[test]
fn chinese_paragraph_lines_join_without_spaces() {
    assert_eq!(
        typst("联盟成立于\n二〇二〇年，\n成员单位\nABC 等。"),
        "#\"联盟成立于二〇二〇年，成员单位ABC 等。\";\n\n"
    );
}

#[test]
fn latin_lines_join_with_one_space() {
    assert_eq!(typst("one\ntwo\n3"), "#\"one two 3\";\n\n");
}

#[test]
fn cjk_punctuation_and_full_width_forms_join_without_space() {
    assert_eq!(typst("Hello\n。"), "#\"Hello。\";\n\n");
    assert_eq!(typst("（ABC）\nx"), "#\"（ABC）x\";\n\n");
    assert_eq!(typst("x\n「y」"), "#\"x「y」\";\n\n");
}

#[test]
fn soft_break_looks_through_inline_styles() {
    assert_eq!(typst("**强调**\n文字"), "#strong[#\"强调\";]#\"文字\";\n\n");
    assert_eq!(typst("word\n*中文*"), "#\" \";#emph[#\"中文\";]\n\n".replace("#\" \";", "#\"word\";"));
    assert_eq!(typst("a\n*b*"), "#\"a \";#emph[#\"b\";]\n\n");
}

#[test]
fn paragraphs_are_one_line_each_followed_by_a_blank_line() {
    assert_eq!(typst("第一段\n续\n\n第二段"), "#\"第一段续\";\n\n#\"第二段\";\n\n");
}

#[test]
fn strong_after_cjk_punctuation_is_bold() {
    assert_eq!(typst("**注意：**正文"), "#strong[#\"注意：\";]#\"正文\";\n\n");
    assert_eq!(typst("前文**“引号”**后文"), "#\"前文\";#strong[#\"“引号”\";]#\"后文\";\n\n");
    assert_eq!(typst("甲*强调：*乙"), "#\"甲\";#emph[#\"强调：\";]#\"乙\";\n\n");
}

#[test]
fn asterisks_do_not_pair_across_blocks() {
    // A tight list item holds its text and a nested block at one depth.
    assert_eq!(
        typst("- *甲\n  - 乙\n  丙*"),
        "#list(tight: true,\n[#\"*甲\";\n#list(tight: true,\n[#\"乙丙*\";],\n)],\n)\n\n"
    );
    assert!(!typst("* *_\n  #\n  N*").contains("#emph"));
}

#[test]
fn escaped_and_spaced_asterisks_stay_literal() {
    assert_eq!(typst("\\*\\*不是：\\*\\*粗体"), "#\"**不是：**粗体\";\n\n");
    assert_eq!(typst("a ** b ** c"), "#\"a ** b ** c\";\n\n");
}

#[test]
fn hash_and_dollar_print_literally() {
    let markdown = r#"#read("/etc/passwd") $x$ @ref // c ~ ] [ = - + _ "q" 'a'"#;
    let expected = "#\"#read(\\\"/etc/passwd\\\") $x$ @ref // c ~ ] [ = - + _ \\\"q\\\" 'a'\";\n\n";
    assert_eq!(typst(markdown), expected);
}

#[test]
fn markdown_escapes_print_the_escaped_character() {
    assert_eq!(typst(r"\*not emphasis\* back\\slash \<b>"), "#\"*not emphasis* back\\\\slash <b>\";\n\n");
}

#[test]
fn adjacent_text_events_merge_into_one_literal() {
    // pulldown-cmark splits this into several text events.
    assert_eq!(typst("a [b c\\] d"), "#\"a [b c] d\";\n\n");
}

#[test]
fn hard_break_becomes_linebreak() {
    assert_eq!(typst("上  \n下\\\n底"), "#\"上\";#linebreak()#\"下\";#linebreak()#\"底\";\n\n");
}

#[test]
fn inline_styles_use_functions() {
    assert_eq!(
        typst("*e* **s** ~~x~~ ***b***"),
        "#emph[#\"e\";]#\" \";#strong[#\"s\";]#\" \";#strike[#\"x\";]#\" \";#emph[#strong[#\"b\";]]\n\n"
    );
}

#[test]
fn inline_code_uses_raw() {
    assert_eq!(typst("用 `#set $x$` 命令"), "#\"用 \";#raw(\"#set $x$\")#\" 命令\";\n\n");
}

// ----- blocks -----

#[test]
fn a_heading_that_may_be_taller_than_a_page_does_not_stick_to_the_next_block() {
    assert!(typst("## 一、概况\n\n正文").starts_with("#md-heading(level: 2)["));
    let long = format!("## {}\n\n正文", "很长的标题".repeat(50));
    assert!(typst(&long).starts_with("#md-heading(level: 2, sticky: false)["), "{}", typst(&long));
    assert!(
        typst("## 图 ![示意](images/a.png)\n\n正文").starts_with("#md-heading(level: 2, sticky: false)[")
    );
}

#[test]
fn code_block_uses_raw_block_with_language() {
    assert_eq!(
        typst("```rust ignore\nfn main() {}\n```"),
        "#raw(\"fn main() {}\", block: true, lang: \"rust\")\n\n"
    );
    assert_eq!(typst("    let x = \"y\";\n"), "#raw(\"let x = \\\"y\\\";\", block: true)\n\n");
}

#[test]
fn headings_use_md_heading_on_their_own_line() {
    assert_eq!(
        typst("## 一、*概况*\n正文"),
        "#md-heading(level: 2)[#\"一、\";#emph[#\"概况\";]]\n\n#\"正文\";\n\n"
    );
}

#[test]
fn nested_lists_use_function_calls() {
    insta::assert_snapshot!(typst("- 甲\n- 乙\n  1. 子一\n  2. 子二\n- 丙"), @r##"
    #list(tight: true,
    [#"甲";],
    [#"乙";
    #enum(start: 1, tight: true,
    [#"子一";],
    [#"子二";],
    )],
    [#"丙";],
    )
    "##);
}

#[test]
fn loose_list_separates_paragraphs() {
    assert_eq!(
        typst("3. 一\n\n   续\n4. 二"),
        "#enum(start: 3, tight: false,\n[#\"一\";\n\n#\"续\";],\n[#\"二\";],\n)\n\n"
    );
}

#[test]
fn task_list_items_get_box_and_check_marks() {
    assert_eq!(
        typst("- [ ] 待办\n- [x] 完成"),
        "#list(tight: true,\n[#\"□ \";#\"待办\";],\n[#\"√ \";#\"完成\";],\n)\n\n"
    );
}

#[test]
fn block_quote_uses_quote_block() {
    assert_eq!(typst("> 甲\n>\n> 乙"), "#quote(block: true)[#\"甲\";\n\n#\"乙\";]\n\n");
}

#[test]
fn thematic_break_draws_a_line() {
    assert_eq!(typst("上\n\n---\n\n下"), "#\"上\";\n\n#line(length: 100%)\n\n#\"下\";\n\n");
}

#[test]
fn table_pads_short_rows() {
    insta::assert_snapshot!(typst("| 项目 | 数量 | 备注 |\n|:--|--:|:-:|\n| 甲 | 1 |\n| 乙 *强* | 2 | \\| |"), @r##"
    #table(columns: 3, align: (left, right, center),
    table.header([#"项目";], [#"数量";], [#"备注";]),
    [#"甲";], [#"1";], [],
    [#"乙 ";#emph[#"强";]], [#"2";], [#"|";],
    )
    "##);
}

#[test]
fn single_column_table_keeps_align_an_array() {
    assert!(typst("| a |\n|---|\n| b |").starts_with("#table(columns: 1, align: (auto,),"));
}

#[test]
fn table_row_with_extra_cells_warns() {
    let md = "| a |\n|---|\n| 1 | 2 |";
    assert!(!typst(md).contains('2'));
    assert_eq!(messages(md), [(3, "表格这一行的单元格多于表头的列数，多出的单元格没有显示".to_string())]);
}

// ----- images and links -----

fn dests(references: &[Reference]) -> Vec<&str> {
    references.iter().map(|r| r.dest.as_str()).collect()
}

#[test]
fn an_image_is_placed_where_the_loader_says() {
    let out = convert("![组织架构](img/org.png \"图1 组织架构\")");
    assert_eq!(
        out.typst,
        "#md-image(\"/sections/img/org.png\", format: \"png\", alt: \"组织架构\", caption: \"图1 组织架构\", source: \"img/org.png\")\n\n"
    );
    assert_eq!(out.images, [Reference { dest: "img/org.png".into(), line: 1 }]);
}

#[test]
fn image_caption_falls_back_to_alt_then_none() {
    assert_eq!(
        typst("![说明](a.png)"),
        "#md-image(\"/sections/a.png\", format: \"png\", alt: \"说明\", caption: \"说明\", source: \"a.png\")\n\n"
    );
    assert_eq!(
        typst("![](a.png)"),
        "#md-image(\"/sections/a.png\", format: \"png\", alt: none, caption: none, source: \"a.png\")\n\n"
    );
    assert_eq!(
        typst("![图](missing.png)"),
        "#md-image(none, format: auto, alt: \"图\", caption: \"图\", source: \"missing.png\")\n\n"
    );
    assert_eq!(
        typst("![*强调* `码`](a.png)"),
        "#md-image(\"/sections/a.png\", format: \"png\", alt: \"强调 码\", caption: \"强调 码\", source: \"a.png\")\n\n"
    );
}

#[test]
fn images_and_links_to_files_are_recorded_as_written() {
    let out = convert("![](../x/./y.png) ![](a%20b.png)\n[附件](files/a.pdf) [网](https://e.cn) [锚](#x)");
    assert_eq!(dests(&out.images), ["../x/./y.png", "a%20b.png"]);
    assert_eq!(out.links, [Reference { dest: "files/a.pdf".into(), line: 2 }]);
}

#[test]
fn image_without_path_shows_alt_with_warning() {
    let out = convert("前\n![图](<>)");
    assert_eq!(out.typst, "#\"前图\";\n\n");
    assert!(out.images.is_empty());
    assert_eq!(out.warnings[0].line, 2);
}

#[test]
fn links_and_autolinks_use_link() {
    assert_eq!(
        typst("[官网](https://a.cn/\"x) <https://b.cn> <me@c.cn>"),
        "#link(\"https://a.cn/\\\"x\")[#\"官网\";]#\" \";#link(\"https://b.cn\")[#\"https://b.cn\";]#\" \";#link(\"mailto:me@c.cn\")[#\"me@c.cn\";]\n\n"
    );
}

#[test]
fn link_without_text_shows_url_and_empty_url_shows_text() {
    assert_eq!(typst("[](https://a.cn)"), "#link(\"https://a.cn\")\n\n");
    assert_eq!(typst("[文字]()"), "#\"文字\";\n\n");
    assert_eq!(messages("[文字]()"), [(1, "链接地址为空，只显示链接文字".to_string())]);
}

// ----- footnotes -----

#[test]
fn footnote_defined_after_reference() {
    let out = convert("正文[^1]。\n\n[^1]: 来源：*年报*。");
    assert_eq!(out.typst, "#\"正文\";#footnote[#\"来源：\";#emph[#\"年报\";]#\"。\";]#\"。\";\n\n");
    assert!(out.warnings.is_empty());
}

#[test]
fn footnote_defined_before_reference_with_case_insensitive_label() {
    let out = convert("[^Note]: 说明\n\n正文[^note]");
    assert_eq!(out.typst, "#\"正文\";#footnote[#\"说明\";]\n\n");
    assert!(out.warnings.is_empty());
}

#[test]
fn footnote_with_several_paragraphs_keeps_them() {
    assert_eq!(typst("x[^a]\n\n[^a]: 一\n\n    二"), "#\"x\";#footnote[#\"一\";\n\n#\"二\";]\n\n");
}

#[test]
fn missing_footnote_prints_literally_with_warning() {
    let md = "见\n[^无]说明";
    assert_eq!(typst(md), "#\"见[^无]说明\";\n\n");
    assert_eq!(messages(md), [(2, "脚注 [^无] 没有定义，已按原文显示".to_string())]);
}

#[test]
fn unused_and_duplicate_footnotes_warn() {
    let md = "x[^a]\n\n[^a]: 一\n[^a]: 二\n[^b]: 三";
    assert_eq!(typst(md), "#\"x\";#footnote[#\"一\";]\n\n");
    assert_eq!(
        messages(md),
        [
            (4, "脚注 [^a] 重复定义，只采用第一处定义".to_string()),
            (5, "脚注 [^b] 已定义但没有被引用，不会出现在报告中".to_string()),
        ]
    );
}

#[test]
fn footnote_inside_footnote_prints_literally() {
    let md = "x[^a]\n\n[^a]: 见[^b]\n[^b]: 乙";
    assert_eq!(typst(md), "#\"x\";#footnote[#\"见[^b]\";]\n\n");
    let warnings = messages(md);
    assert_eq!(warnings[0], (3, "脚注内不能再引用脚注 [^b]，已按原文显示".to_string()));
}

#[test]
fn repeated_footnote_reference_repeats_its_note_within_a_budget() {
    assert_eq!(typst("a[^1]b[^1]\n\n[^1]: n"), "#\"a\";#footnote[#\"n\";]#\"b\";#footnote[#\"n\";]\n\n");
    let long = "长".repeat(200_000);
    let md = format!("{}\n\n[^1]: {long}", "[^1]".repeat(20));
    let out = convert(&md);
    assert!(out.typst.len() < 2 * MAX_REPEATED_FOOTNOTE_BYTES);
    assert!(out.typst.contains("[^1]"));
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn images_in_footnotes_are_recorded_where_referenced() {
    let out = convert("![](a.png)[^1]\n\n[^1]: ![](b.png)");
    assert_eq!(dests(&out.images), ["a.png", "b.png"]);
}

// ----- HTML -----

#[test]
fn raw_html_shown_as_text_with_warning() {
    let md = "段落\n\n<div class=\"x\">\n内容\n</div>\n\n文字<span>红</span>";
    assert_eq!(
        typst(md),
        "#\"段落\";\n\n#\"<div class=\\\"x\\\">\\n内容\\n</div>\";\n\n#\"文字<span>红</span>\";\n\n"
    );
    assert_eq!(
        messages(md),
        [
            (3, "不支持 HTML，已按原文显示：<div class=\"x\"> 内容 </div>".to_string()),
            (7, "不支持 HTML，已按原文显示：<span>".to_string()),
            (7, "不支持 HTML，已按原文显示：</span>".to_string()),
        ]
    );
}

#[test]
fn br_tag_becomes_a_line_break_without_warning() {
    let md = "| a |\n|---|\n| 一<br>二<BR />三 |";
    assert!(typst(md).contains("[#\"一\";#linebreak()#\"二\";#linebreak()#\"三\";]"));
    assert!(messages(md).is_empty());
}

// ----- robustness -----

/// Asserts that `markup` parses as typst without a syntax error.
fn assert_parses(markup: &str) {
    let errors = typst::syntax::parse(markup).errors_and_warnings().0;
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(messages.is_empty(), "{messages:?} in {markup}");
}

#[test]
fn ten_thousand_nested_quotes_do_not_overflow() {
    let out = on_small_stack(|| convert(&format!("{} 深\n", ">".repeat(10_000))));
    assert_eq!(out.typst.matches("#quote(block: true)[").count(), MAX_BLOCK_NESTING);
    assert!(out.typst.contains("#\"深\";"));
    assert_parses(&out.typst);
}

#[test]
fn ten_thousand_nested_lists_and_emphasis_do_not_overflow() {
    let lists = on_small_stack(|| convert(&format!("{}x\n", "- 1. ".repeat(5_000))));
    assert_eq!(lists.typst.matches("#enum(").count(), MAX_BLOCK_NESTING / 2);
    assert_parses(&lists.typst);
    let styles = on_small_stack(|| {
        convert(&format!("{0}x{0} {1}y{2}", "*".repeat(10_000), "[".repeat(10_000), "](u)".repeat(10_000)))
    });
    assert!(styles.typst.contains("#\"x\";"));
    assert_parses(&styles.typst);
    let images = on_small_stack(|| convert(&format!("{}x{}", "![".repeat(10_000), "](u)".repeat(10_000))));
    assert_eq!(images.images.len(), 1);
    assert_parses(&images.typst);
}

#[test]
fn nesting_deeper_than_typst_lays_out_is_flattened_keeping_the_text() {
    let depth = MAX_BLOCK_NESTING + 3;
    let list: String = (0..depth).map(|i| format!("{}- 第{i}层\n", "  ".repeat(i))).collect();
    let out = convert(&format!("{list}\n{}引文\n", ">".repeat(depth)));
    assert_parses(&out.typst);
    assert_eq!(out.typst.matches("#list(").count(), MAX_BLOCK_NESTING);
    assert_eq!(out.typst.matches("#quote(").count(), MAX_BLOCK_NESTING);
    for i in 0..depth {
        assert!(out.typst.contains(&format!("#\"第{i}层\";")), "level {i} kept: {}", out.typst);
    }
    // The deeper lists' items are paragraphs of their own in the last level.
    assert!(out.typst.contains("#\"第5层\";\n\n#\"第6层\";\n\n#\"第7层\";"), "{}", out.typst);
    assert!(out.typst.contains("#\"引文\";"));
    // One warning for the list, at its first flattened line; the quotes
    // on line 11 share it.
    let warning =
        format!("引用和列表嵌套超过 {MAX_BLOCK_NESTING} 层，更深的层次已并入第 {MAX_BLOCK_NESTING} 层排版");
    assert_eq!(messages(&format!("{list}\n{}引文\n", ">".repeat(depth))), [(7, warning)]);

    let styles = convert(&format!("{}[链接](https://a.cn){}", "*强 ".repeat(40), " 调*".repeat(40)));
    assert_parses(&styles.typst);
    assert!(styles.typst.matches("#emph[").count() <= MAX_INLINE_NESTING);
    assert_eq!(styles.typst.matches("强").count(), 40);
    assert!(styles.typst.contains("链接"));
    assert_eq!(styles.warnings.len(), 1);
}

#[test]
fn the_deepest_nesting_allowed_still_parses_with_a_footnote_as_deep() {
    // A table in quotes in lists, its cell in styles.
    let (open, more) = ("> - ".repeat(MAX_BLOCK_NESTING / 2), ">   ".repeat(MAX_BLOCK_NESTING / 2));
    let styles = ("*a **b ".repeat(MAX_INLINE_NESTING / 2), " b** a*".repeat(MAX_INLINE_NESTING / 2));
    let cell = |x: &str| format!("| {}{x}{} |", styles.0, styles.1);
    let deep = |x: &str| format!("{open}| a |\n{more}|---|\n{more}{}\n", cell(x));
    let note = deep("y").replace('\n', "\n    ");
    let out = convert(&format!("{}\n[^1]: {note}", deep("x[^1]")));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(out.typst.matches("#quote(").count(), MAX_BLOCK_NESTING, "{}", out.typst);
    assert_eq!(out.typst.matches("#emph[").count(), MAX_INLINE_NESTING, "{}", out.typst);
    assert_eq!(out.typst.matches("#table(").count(), 2);
    assert!(out.typst.contains("#footnote["), "{}", out.typst);
    assert_parses(&out.typst);
}

#[test]
fn unmatched_asterisks_take_linear_time() {
    // Each of these took minutes for a megabyte (quadratic pairing).
    let started = std::time::Instant::now();
    for md in
        [" **中".repeat(50_000) + &"：*中".repeat(50_000), " **中".repeat(50_000) + &"中* ".repeat(50_000)]
    {
        assert!(convert(&md).typst.contains("中"));
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs = [
        "\u{0}",
        "\r\n\r\n",
        "\u{feff}",
        "[^",
        "[^]",
        "[^ ]: x",
        "```",
        "~~~\n",
        "|",
        "|-|",
        "| a |\n|-|\n|",
        "<",
        "<!--",
        "![",
        "![](",
        "*",
        "**_~~",
        "\\",
        "- ",
        "1.",
        "99999999999. x",
        "> ",
        "# ",
        "\t\tx",
        "[x]: /u\n[x]",
        "[^a]: [^a]\n[^a]",
        "<div>\n```\n</div>",
        "\r",
        "é\u{301}\n中",
    ];
    for md in inputs {
        let _ = convert(md);
    }
}

#[test]
fn whole_section_snapshot() {
    let md = "\
## （一）联盟概况

联盟由 **12 家**单位组成，
覆盖煤机装备、新材料等领域[^src]。

- [x] 完成章程修订
- [ ] 建设公共平台

![联盟大会](img/meeting.jpg)

> 注：数据截至 2024 年底。

[^src]: 数据来自《年度报告》。
";
    insta::assert_snapshot!(typst(md), @r##"
    #md-heading(level: 2)[#"（一）联盟概况";]

    #"联盟由 ";#strong[#box("12 家");]#"单位组成，覆盖煤机装备、新材料等领域";#footnote[#"数据来自《年度报告》。";]#"。";

    #list(tight: true,
    [#"√ ";#"完成章程修订";],
    [#"□ ";#"建设公共平台";],
    )

    #md-image("/sections/img/meeting.jpg", format: "png", alt: "联盟大会", caption: "联盟大会", source: "img/meeting.jpg")

    #quote(block: true)[#"注：数据截至 ";#box("2024 年");#"底。";]
    "##);
}

/// A "；" or "：" after a kept box goes into it, before an empty box (so
/// that typst sets it full width); after the style that ends with a box,
/// a word joiner holds it. typst would otherwise start a line with it.
/// Nothing changes before "，" or "。", which Unicode's rules keep to the
/// box already, nor after a footnote's mark.
#[test]
fn punctuation_after_a_box_keeps_to_it() {
    assert_eq!(typst("活动6次；编制报告。"), "#\"活动\";#box[#\"6次；\";#box()];#\"编制报告。\";\n\n");
    // Digits as a Chinese IME types them, full width.
    assert_eq!(typst("活动６次：编制报告。"), "#\"活动\";#box[#\"６次：\";#box()];#\"编制报告。\";\n\n");
    assert_eq!(typst("活动6次，编制报告。"), "#\"活动\";#box(\"6次\");#\"，编制报告。\";\n\n");
    assert_eq!(typst("**2022年**：立项"), "#strong[#box(\"2022年\");]#\"\\u{2060}\";#\"：立项\";\n\n");
    assert_eq!(
        typst("共3项[^a]：\n\n[^a]: 注。"),
        "#md-lead[#\"共\";#box(\"3项\");#footnote[#\"注。\";]#\"：\";]\n\n"
    );
}
