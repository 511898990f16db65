//! JSON Schema of each YAML file of a report, generated from the types the
//! loader reads them into (schemars), so that an editor with
//! yaml-language-server completes keys, shows the form's label of each one
//! and flags a wrong key or value while the user types.
//!
//! Steps: schemars builds each file's schema with every subschema inlined
//! (editors show a property's description only where it stands); then every
//! property gets its Chinese label and, for a closed vocabulary, the values
//! the form allows ("可填：在研 / 完成"); the types' own (developer) docs are
//! dropped.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::load::{
    AchievementsFile, EVIDENCE_FILE, EventsFile, MEMBERS_FILE, MembersFile, PlatformsFile, ProjectsFile,
    REPORT_FILE, TABLE_FILES, TransfersFile,
};
use crate::model::{Evidence, ReportFile};

/// The folder of a report that holds the schemas.
pub const SCHEMA_DIR: &str = "schemas";

/// One YAML file's schema: the YAML file, the schema's file name, and the
/// schema as pretty-printed JSON.
pub struct FileSchema {
    pub yaml: &'static str,
    pub name: &'static str,
    pub json: String,
}

/// The schema of every YAML file of a report, in the order of the form.
pub fn all() -> Vec<FileSchema> {
    vec![
        file::<ReportFile>(REPORT_FILE, "report.schema.json", "封面、一、联盟简况、七/八审核意见"),
        file::<MembersFile>(MEMBERS_FILE, "members.schema.json", "五、联盟成员单位在联盟中的作用"),
        file::<ProjectsFile>(TABLE_FILES[0], "projects.schema.json", "表1 技术合作创新项目一览表"),
        file::<TransfersFile>(TABLE_FILES[1], "transfers.schema.json", "表2 科技成果转化应用情况一览表"),
        file::<AchievementsFile>(TABLE_FILES[2], "achievements.schema.json", "表3 技术创新成果一览表"),
        file::<EventsFile>(TABLE_FILES[3], "events.schema.json", "表4 举办促进产业发展相关活动"),
        file::<PlatformsFile>(TABLE_FILES[4], "platforms.schema.json", "表5 科技创新平台建设一览表"),
        file::<Evidence>(EVIDENCE_FILE, "evidence.schema.json", "九、相关印证材料"),
    ]
}

/// The `# yaml-language-server: $schema=…` line for the YAML file `yaml`
/// (a path relative to the report folder), pointing at its schema in
/// `schemas/`.
pub fn modeline(yaml: &str, name: &str) -> String {
    let up = "../".repeat(yaml.matches('/').count());
    format!("# yaml-language-server: $schema={up}{SCHEMA_DIR}/{name}")
}

fn file<T: JsonSchema>(yaml: &'static str, name: &'static str, title: &str) -> FileSchema {
    let settings = SchemaSettings::draft07().with(|s| s.inline_subschemas = true);
    let schema: Schema = settings.into_generator().into_root_schema_for::<T>();
    let mut value = schema.to_value();
    describe(&mut value);
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), Value::String(format!("{yaml}：{title}")));
        root.insert(
            "description".into(),
            Value::String(format!(
                "山西省产业技术创新战略联盟考核及绩效评价报告 {yaml}（{title}）。由 alliance-report schema 生成。"
            )),
        );
    }
    let json = serde_json::to_string_pretty(&value).expect("a schema serializes") + "\n";
    FileSchema { yaml, name, json }
}

/// Walks a schema: keeps the labels of properties (an inlined type's own
/// doc gives way to its field's), and adds the allowed values of closed
/// vocabularies.
fn describe(value: &mut Value) {
    let Value::Object(map) = value else { return };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for property in properties.values_mut() {
            let allowed = allowed_values(property);
            describe(property);
            if let Value::Object(p) = property {
                let mut description =
                    p.get("description").and_then(Value::as_str).map(label).unwrap_or_default();
                if !allowed.is_empty() {
                    if !description.is_empty() {
                        description.push('。');
                    }
                    description.push_str(&format!("可填：{}", allowed.join(" / ")));
                }
                if description.is_empty() {
                    p.remove("description");
                } else {
                    p.insert("description".into(), Value::String(description));
                }
            }
        }
    }
    for key in ["items", "anyOf", "oneOf", "allOf", "additionalProperties"] {
        match map.get_mut(key) {
            Some(Value::Array(list)) => list.iter_mut().for_each(describe),
            Some(v @ Value::Object(_)) => describe(v),
            _ => {}
        }
    }
}

/// A property's description is its field's doc comment, which begins with
/// the form's label; a doc that is an English note for developers gives
/// nothing.
fn label(doc: &str) -> String {
    if doc.starts_with(|c: char| c.is_ascii_alphabetic()) && !doc.starts_with("E-mail") {
        return String::new();
    }
    let first = doc.split("\n\n").next().unwrap_or(doc).replace('\n', "");
    // "邮编 (of the standing body)", "备注: the stage …": the label alone.
    let end = [" (", "; ", ". "].iter().filter_map(|cut| first.find(cut)).min().unwrap_or(first.len());
    first[..end].trim().to_owned()
}

/// The strings an enum (or a list or an optional value of one) allows.
fn allowed_values(schema: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut visit = |v: &Value| {
        if let Some(Value::Array(values)) = v.get("enum") {
            found.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        if let Some(c) = v.get("const").and_then(Value::as_str) {
            found.push(c.to_owned());
        }
    };
    visit(schema);
    if let Some(items) = schema.get("items") {
        visit(items);
    }
    for key in ["anyOf", "oneOf"] {
        for v in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            visit(v);
            for w in v.get("oneOf").and_then(Value::as_array).into_iter().flatten() {
                visit(w);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modelines_point_into_the_schema_folder() {
        assert_eq!(
            modeline("report.yaml", "report.schema.json"),
            "# yaml-language-server: $schema=schemas/report.schema.json"
        );
        assert_eq!(
            modeline("tables/projects.yaml", "projects.schema.json"),
            "# yaml-language-server: $schema=../schemas/projects.schema.json"
        );
    }

    #[test]
    fn properties_carry_labels_and_allowed_values() {
        let schemas = all();
        let projects: Value = serde_json::from_str(&schemas[2].json).unwrap();
        let item = &projects["properties"]["projects"]["items"]["properties"];
        assert_eq!(item["name"]["description"], "项目名称");
        let status = item["status"]["description"].as_str().unwrap();
        assert!(status.contains("项目实施情况") && status.contains("可填：在研 / 完成"), "{status}");
        assert_eq!(projects["properties"]["projects"]["items"]["additionalProperties"], false);
    }
}
