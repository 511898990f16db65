use super::codes::{ORG_WEIGHTS, USCC_CHARSET, USCC_WEIGHTS, org_value, uscc_value};
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
    assert_eq!(e.message, "统一社会信用代码第 9–17 位是组织机构代码，其校验码（第 17 位）应为“2”，这里是“3”");
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
