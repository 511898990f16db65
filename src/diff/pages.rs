//! `diff --pages`: images of the pages that differ between two versions.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::load::Source;

/// Writes PNG images of the pages that differ between the PDFs of the two
/// versions into `out` (第N页-旧.png, 第N页-新.png), and returns them. A
/// version with errors is typeset as a draft, so that it still shows. Pages
/// are compared by typst's laid-out frames, and the differing ones rendered
/// from those frames with typst-render at 60 dpi: no PDF is written, and no
/// other program is needed.
pub fn pages(old: &Source, new: &Source, out: &Path, fonts: &crate::compile::Fonts) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).with_context(|| format!("无法创建 {}", out.display()))?;
    let typeset = |source: &Source| -> Result<typst_layout::PagedDocument> {
        let plain = crate::generate_from(source, false, fonts)?;
        let generated = if plain.diagnostics.iter().any(crate::diag::Diagnostic::is_error) {
            crate::generate_from(source, true, fonts)?
        } else {
            plain
        };
        let (main, assets) = (generated.main.context("报告无法读取")?, generated.assets);
        let world = crate::compile::ReportWorld::new(main, assets, fonts.clone());
        Ok(crate::compile::layout(&world)?)
    };
    let (old_doc, new_doc) = (typeset(old)?, typeset(new)?);
    let hashes = |doc: &typst_layout::PagedDocument| -> Vec<u128> {
        doc.pages().iter().map(|p| typst::utils::hash128(&p.frame)).collect()
    };
    let (old_pages, new_pages) = (hashes(&old_doc), hashes(&new_doc));
    let options = typst_render::RenderOptions { pixel_per_pt: (60.0 / 72.0).into(), render_bleed: false };
    let mut written = Vec::new();
    for i in 0..old_pages.len().max(new_pages.len()) {
        if old_pages.get(i) == new_pages.get(i) {
            continue;
        }
        for (doc, which) in [(&old_doc, "旧"), (&new_doc, "新")] {
            let Some(page) = doc.pages().get(i) else { continue };
            let png = typst_render::render(page, &options)
                .encode_png()
                .with_context(|| format!("无法生成第 {} 页的图片", i + 1))?;
            let path = out.join(format!("第{}页-{which}.png", i + 1));
            std::fs::write(&path, png).with_context(|| format!("无法写入 {}", path.display()))?;
            written.push(path);
        }
    }
    Ok(written)
}
