//! Fuzzes the loader's YAML side: parsing a file as each file type of a
//! report (with every problem described in Chinese), and the index of where
//! each value stands. Neither may panic, hang or overflow the stack.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

// The model and the loader's YAML modules, included by path (see
// markdown.rs for why). They are root modules here, not `mod load { … }`:
// a `#[path]` inside an inline module is resolved through a folder
// `fuzz_targets/load/`, which does not exist. Neither file names its parent.
#[allow(dead_code)]
#[path = "../../src/load/locate.rs"]
mod locate;
#[allow(dead_code)]
#[path = "../../src/model/mod.rs"]
mod model;
#[allow(dead_code)]
#[path = "../../src/load/yaml.rs"]
mod yaml;

// The wrappers of the table files, as in src/load/mod.rs (private there).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct MembersFile {
    members: Vec<model::Member>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ProjectsFile {
    projects: Vec<model::Project>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct TransfersFile {
    transfers: Vec<model::Transfer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct AchievementsFile {
    achievements: Vec<model::Achievement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EventsFile {
    events: Vec<model::Event>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PlatformsFile {
    platforms: Vec<model::Platform>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EvidenceFile {
    #[serde(default)]
    items: Vec<model::EvidenceItem>,
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) {
    let (_, problems) = yaml::parse::<T>(text);
    for p in problems {
        assert!(!p.message.is_empty(), "a problem without a message");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    parse::<model::ReportFile>(text);
    parse::<MembersFile>(text);
    parse::<ProjectsFile>(text);
    parse::<TransfersFile>(text);
    parse::<AchievementsFile>(text);
    parse::<EventsFile>(text);
    parse::<PlatformsFile>(text);
    parse::<EvidenceFile>(text);

    let index = locate::Locations::index(text);
    for path in ["", "alliance.name", "members[0].code", "projects[1].partners[0]", "items[0]", "a.b[2].c"] {
        let _ = (index.value(path), index.key(path), index.best(path), index.keys(path));
    }
});
