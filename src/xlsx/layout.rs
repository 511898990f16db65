//! How a table of the form lies on a sheet: the form's columns, each split
//! into one sheet column per field where the form prints two fields in one
//! cell (项目名称及编号 → 项目名称 | 项目编号 under the form's header), and
//! 表5's 级别 as its three tick columns. Export writes by it and import will
//! read by it, so the two agree by construction.

use crate::form::{Field, Show, Table};

/// One column of a sheet after 序号.
#[derive(Debug, Clone, Copy)]
pub struct SheetColumn {
    /// The field the column holds.
    pub field: &'static Field,
    /// The header over several sheet columns (the form's group header, or
    /// the form's header of a column split into its fields), if any.
    pub over: Option<&'static str>,
    /// The column's own header: the form's, or the field's label under
    /// `over`, or the level of a tick column.
    pub label: &'static str,
    /// A tick column of 表5: √ when the field holds this word.
    pub tick: Option<&'static str>,
}

/// The sheet columns of `table`, in the form's order (序号 not included),
/// then the fields the report needs that the form's table does not print
/// (五's 单位类型, from which 一 counts the members), under their labels.
pub fn columns(table: &Table) -> Vec<SheetColumn> {
    let mut out = Vec::new();
    for column in table.columns {
        let field = table.field(column.fields[0]);
        match column.show {
            Show::NameAndNumber | Show::NameAndCode | Show::StageAndNote => {
                for key in column.fields {
                    let field = table.field(key);
                    out.push(SheetColumn {
                        field,
                        over: Some(table.header_of(column)),
                        label: field.label,
                        tick: None,
                    });
                }
            }
            Show::Tick(word) => {
                out.push(SheetColumn { field, over: column.group, label: word, tick: Some(word) })
            }
            Show::Value | Show::CountOf => {
                out.push(SheetColumn {
                    field,
                    over: column.group,
                    label: table.header_of(column),
                    tick: None,
                });
            }
        }
    }
    for field in table.fields {
        if !table.columns.iter().any(|c| c.fields.contains(&field.key)) {
            out.push(SheetColumn { field, over: None, label: field.label, tick: None });
        }
    }
    out
}

/// How many header rows a sheet of `columns` has: two when a header spans
/// several columns.
pub fn header_rows(columns: &[SheetColumn]) -> u32 {
    if columns.iter().any(|c| c.over.is_some()) { 2 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{PLATFORMS, PROJECTS, TRANSFERS};

    #[test]
    fn the_form_columns_split_into_fields() {
        let labels = |t: &Table| columns(t).iter().map(|c| (c.over, c.label)).collect::<Vec<_>>();
        let projects = labels(&PROJECTS);
        assert_eq!(projects[0], (Some("项目名称及编号"), "项目名称"));
        assert_eq!(projects[1], (Some("项目名称及编号"), "项目编号"));
        assert_eq!(projects[2], (None, "立项时间"));
        let platforms = labels(&PLATFORMS);
        assert_eq!(
            &platforms[3..6],
            [(Some("级别"), "国家级"), (Some("级别"), "省级"), (Some("级别"), "市级")]
        );
        assert_eq!(labels(&TRANSFERS)[4], (Some("直接经济效益"), "产值（万元）"));
        assert_eq!(header_rows(&columns(&PROJECTS)), 2);
        // Every field has its column: 五's 单位类型 after the form's.
        for table in crate::form::TABLES {
            let keys: Vec<&str> = columns(table).iter().map(|c| c.field.key).collect();
            assert!(table.fields.iter().all(|f| keys.contains(&f.key)), "{}", table.name);
        }
        assert_eq!(labels(&crate::form::MEMBERS).last(), Some(&(None, "单位类型")));
    }
}
