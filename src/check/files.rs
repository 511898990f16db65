//! Why a file named by the report cannot be placed, in words for the
//! people who name it: evidence (材料文件), an answer's image (图片), a
//! linked file.

use crate::model::FileProblem as Problem;

/// The message and hint for the file `path`, a `noun` (材料文件, 图片…),
/// with `problem`.
pub fn describe(problem: &Problem, noun: &str, path: &str) -> (String, String) {
    let s = |s: &str| s.to_owned();
    match problem {
        Problem::NotRelative => (
            format!("{noun}“{path}”不是报告文件夹里的文件（不能用网址或绝对路径）"),
            s("把文件复制到报告文件夹里，写相对的路径"),
        ),
        Problem::Outside => (
            format!("{noun}“{path}”在报告文件夹之外"),
            s("PDF 只收录报告文件夹里的文件：请把它复制到报告文件夹里（例如 evidence/ 下），再写它的路径"),
        ),
        Problem::Missing { suggestion: Some(found) } => {
            (format!("找不到{noun}“{path}”"), format!("你是不是想写“{found}”？"))
        }
        Problem::Missing { suggestion: None } => {
            (format!("找不到{noun}“{path}”"), s("检查文件名和扩展名是否拼错"))
        }
        Problem::Case { real } => (
            format!("找不到{noun}“{path}”：文件夹里有“{real}”，只是字母大小写不同"),
            format!("改成“{real}”（生成 PDF 的电脑区分大小写）"),
        ),
        Problem::NotAFile => (format!("“{path}”不是文件"), s("这里只能写文件，不能写文件夹")),
        Problem::Unreadable(why) => {
            (format!("无法读取{noun}“{path}”：{why}"), s("检查文件的读取权限；网盘占位文件要先下载到本地"))
        }
        Problem::TooLarge(bytes) => (
            format!("{noun}“{path}”太大（{}），无法附入", megabytes(*bytes)),
            s("扫描件用 150–300 dpi 即可；请压缩或拆分后再附"),
        ),
        Problem::Empty => (format!("{noun}“{path}”是空的（0 字节）"), s("重新复制或导出这个文件")),
        Problem::Unsupported(what) => (
            match what {
                Some(what) if what.starts_with(|c: char| c.is_ascii()) => {
                    format!("{noun}“{path}”是 {what}，不能直接放入 PDF")
                }
                Some(what) => format!("{noun}“{path}”是{what}，不能直接放入 PDF"),
                None if noun == "图片" => format!("{noun}“{path}”不是 PNG、JPEG、GIF、SVG 或 WebP 图片"),
                None => format!("{noun}“{path}”不是 PDF、JPEG 或 PNG 文件"),
            },
            if noun == "图片" {
                s("请把图片另存为 PNG 或 JPEG")
            } else {
                s("请另存为（或导出、扫描成）PDF，或把照片、扫描件存为 JPEG 或 PNG")
            },
        ),
        Problem::Encrypted => (
            format!("{noun}“{path}”是加密（有密码保护）的 PDF，无法附入"),
            s("请先去除密码保护：用阅读器打开后“打印”为新的 PDF，或向提供方索取未加密的版本"),
        ),
        Problem::EncryptedAttachments => (
            format!("{noun}“{path}”带有加密（有密码保护）的附件，本程序打不开这种 PDF"),
            s("用阅读器打开后“打印”为新的 PDF（只印出页面，附件不会带过去），再附"),
        ),
        Problem::NoPages => (format!("{noun}“{path}”是没有页面的 PDF"), s("重新导出这个 PDF")),
        Problem::TooManyPixels(width, height) => (
            format!("{noun}“{path}”有 {width}×{height} 像素，超过 1 亿像素，无法附入"),
            s("扫描件用 150–300 dpi 即可：请用看图软件缩小尺寸后另存，再附"),
        ),
        Problem::Unprintable(why) => (
            format!("{noun}“{path}”无法印出（{why}）"),
            s("用看图软件打开后另存为普通的 JPEG 或 PNG 图片，再附"),
        ),
        Problem::Corrupt(why) => (
            format!("{noun}“{path}”已损坏，无法读取（{why}）"),
            s("重新复制、下载或扫描这个文件；能用看图软件或 PDF 阅读器正常打开后再附"),
        ),
    }
}

/// `bytes` as "12.3 MB" or "860 KB".
pub fn megabytes(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    }
}
