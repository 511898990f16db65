//! The figures of 一、联盟简况 that follow from the detail tables.
//!
//! Each rule here is listed in the README ("由表格自动统计的数字"). Where the
//! author wrote a figure in report.yaml it is printed as written (the `check`
//! command compares the two); where they left it out, it is computed here.

use crate::model::*;

/// The derived figures of the summary table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub members_now: MemberCounts,
    pub platforms: PlatformCounts,
    pub projects: ProjectSummary,
    pub ip: IpGrid,
}

/// The figures as the report prints them: written ones win over computed ones.
pub fn resolve(report: &Report) -> Summary {
    let computed = compute(report);
    let a = &report.info.alliance;
    Summary {
        members_now: a.members_now.unwrap_or(computed.members_now),
        platforms: a.platforms.unwrap_or(computed.platforms),
        projects: a.projects.unwrap_or(computed.projects),
        ip: a.ip.unwrap_or(computed.ip),
    }
}

/// The figures computed from members.yaml and 表1, 表3, 表5.
pub fn compute(report: &Report) -> Summary {
    Summary {
        members_now: members_by_type(&report.members),
        platforms: platforms_by_level(&report.platforms),
        projects: projects_by_source(&report.projects),
        ip: ip_grid(&report.achievements),
    }
}

/// 目前联盟成员单位: members.yaml counted by type.
pub fn members_by_type(members: &[Member]) -> MemberCounts {
    let mut c = MemberCounts::default();
    for kind in members.iter().filter_map(|m| m.kind) {
        *match kind {
            MemberType::Enterprise => &mut c.enterprise,
            MemberType::University => &mut c.university,
            MemberType::Institute => &mut c.institute,
            MemberType::Association => &mut c.association,
            MemberType::Other => &mut c.other,
        } += 1;
    }
    c.total = Some(c.sum());
    c
}

/// 共建技术创新平台: 表5 counted by level.
pub fn platforms_by_level(platforms: &[Platform]) -> PlatformCounts {
    let mut c = PlatformCounts { total: platforms.len() as u32, ..Default::default() };
    for level in platforms.iter().filter_map(|p| p.level) {
        *match level {
            PlatformLevel::National => &mut c.national,
            PlatformLevel::Provincial => &mut c.provincial,
            PlatformLevel::Municipal => &mut c.municipal,
        } += 1;
    }
    c
}

/// 合作开展技术创新项目: 表1's rows, 总投入 summed into 项目总经费, and per
/// level (国家、省级、市级) the rows and their 财政经费.
pub fn projects_by_source(projects: &[Project]) -> ProjectSummary {
    let mut s = ProjectSummary {
        count: projects.len() as u32,
        funds: projects.iter().filter_map(|p| p.total_investment).sum(),
        ..Default::default()
    };
    for p in projects {
        let level = match p.source {
            Some(ProjectSource::National) => &mut s.national,
            Some(ProjectSource::Provincial) => &mut s.provincial,
            Some(ProjectSource::Municipal) => &mut s.municipal,
            _ => continue,
        };
        level.count += 1;
        level.public_funds = level.public_funds + p.public_funds.unwrap_or_default();
    }
    s
}

/// The grid's second stage for each kind of 成果 it counts, and where the
/// kind's cell is. The first number of a cell counts every row of the kind
/// (an application that was later granted was applied for, too); the second
/// counts the rows whose 备注 names the later stage.
pub const IP_KINDS: [(&str, &str, &str); 11] = [
    ("发明专利", "申请", "授权"),
    ("实用新型专利", "申请", "授权"),
    ("外观设计专利", "申请", "授权"),
    ("植物新品种", "申请", "授权"),
    ("新药证书", "申请", "获批"),
    ("软件著作权", "产生", "登记"),
    ("集成电路布图设计专有权", "投入利用", "登记"),
    ("国际标准", "研制", "批准"),
    ("国家标准", "研制", "批准"),
    ("行业标准", "研制", "批准"),
    ("联盟内部标准或规范", "研制", "批准"),
];

/// The IP and standards grid from 表3.
pub fn ip_grid(achievements: &[Achievement]) -> IpGrid {
    let mut cells = [Pair::default(); 11];
    for a in achievements {
        let kind = a.kind.as_deref().map(str::trim);
        let Some(i) = IP_KINDS.iter().position(|(k, _, _)| Some(*k) == kind) else { continue };
        cells[i].0 += 1;
        if a.stage.as_deref().map(str::trim) == Some(IP_KINDS[i].2) {
            cells[i].1 += 1;
        }
    }
    let [
        invention_patent,
        utility_model,
        design_patent,
        plant_variety,
        new_drug,
        software_copyright,
        ic_layout,
        international_standard,
        national_standard,
        industry_standard,
        alliance_standard,
    ] = cells;
    IpGrid {
        invention_patent,
        utility_model,
        design_patent,
        plant_variety,
        new_drug,
        software_copyright,
        ic_layout,
        international_standard,
        national_standard,
        industry_standard,
        alliance_standard,
    }
}

impl IpGrid {
    /// The cells in the order of [`IP_KINDS`].
    pub fn cells(&self) -> [Pair; 11] {
        [
            self.invention_patent,
            self.utility_model,
            self.design_patent,
            self.plant_variety,
            self.new_drug,
            self.software_copyright,
            self.ic_layout,
            self.international_standard,
            self.national_standard,
            self.industry_standard,
            self.alliance_standard,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn achievement(kind: &str, stage: &str) -> Achievement {
        Achievement {
            name: Some("x".into()),
            kind: Some(kind.into()),
            number: None,
            completed: None,
            people: vec![],
            units: vec![],
            stage: Some(stage.into()),
            note: None,
        }
    }

    #[test]
    fn granted_patents_count_as_applied_too() {
        let grid = ip_grid(&[
            achievement("发明专利", "申请"),
            achievement("发明专利", "授权"),
            achievement("国家标准", "批准"),
        ]);
        assert_eq!(grid.invention_patent, Pair(2, 1));
        assert_eq!(grid.national_standard, Pair(1, 1));
        assert_eq!(grid.utility_model, Pair(0, 0));
    }

    #[test]
    fn county_and_alliance_projects_count_in_the_total_only() {
        let project = |source, total: i64, public: i64| Project {
            name: Some("p".into()),
            number: None,
            started: None,
            source: Some(source),
            lead_unit: None,
            partners: vec![],
            partner_count: None,
            total_investment: Some(Amount(total * 100)),
            public_funds: Some(Amount(public * 100)),
            status: None,
        };
        let s = projects_by_source(&[
            project(ProjectSource::National, 500, 200),
            project(ProjectSource::National, 300, 100),
            project(ProjectSource::Alliance, 50, 0),
        ]);
        assert_eq!(s.count, 3);
        assert_eq!(s.funds.display(), "850");
        assert_eq!(s.national, LevelProjects { count: 2, public_funds: Amount(30000) });
    }
}
