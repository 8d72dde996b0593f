//! Contact keys shared by a few teams are listed in full in each team's finding; a key shared
//! by very many (an institution's e-mail domain, a business park's address) is counted, its
//! first dossiers named, and listed in full once, in its cluster — so the findings grow with
//! the group, not with its square.

use cross::print::{Located, PhonePrint};
use cross::{Context, DossierPrint};
use model::Severity;

fn team(i: usize, cx: &Context) -> DossierPrint {
    DossierPrint {
        dossier_id: format!("D{i:03}"),
        key_id: cx.key_id().to_string(),
        email_domains: vec![Located {
            field: "team.members".into(),
            row: 1,
            value: "tyut.edu.cn".into(),
            key: "tyut.edu.cn".into(),
        }],
        // Teams 0 and 1 also share a phone.
        phones: vec![PhonePrint {
            field: "team.members".into(),
            row: 1,
            owner: "张三".into(),
            hash: if i < 2 { "shared".into() } else { format!("own-{i}") },
            masked: "138****0000".into(),
        }],
        ..DossierPrint::default()
    }
}

#[test]
fn a_key_shared_by_many_is_counted_not_listed_and_a_key_shared_by_two_is_listed() {
    let cx = Context::new(cross::Config::default(), ["项目名称"], cross::DEFAULT_KEY);
    let cap = cx.config.link_list_max;
    let n = 3 * cap;
    let prints: Vec<DossierPrint> = (0..n).map(|i| team(i, &cx)).collect();
    let out = cross::analyse(&prints, &[], &cx);

    let domain: Vec<_> = out.findings.iter().filter(|f| f.detail_json.contains("\"link\":\"email_domain\"")).collect();
    assert_eq!(domain.len(), n, "one finding per team");
    for f in &domain {
        assert_eq!(f.severity, Severity::Info, "{}", f.message_zh);
        assert_eq!(f.related.len(), cap, "{}", f.dossier_id);
        let detail: serde_json::Value = serde_json::from_str(&f.detail_json).unwrap();
        assert_eq!(detail["others_count"], n - 1);
        assert!(f.message_zh.contains(&format!("与其他 {} 个团队", n - 1)), "{}", f.message_zh);
        assert!(!f.related.iter().any(|r| r.dossier_id == f.dossier_id));
    }
    // The cluster has every member.
    let cluster = out.clusters.iter().find(|c| c.evidence["link"] == "email_domain").expect("a cluster");
    assert_eq!(cluster.members.len(), n);

    // The phone shared by two: both listed, a warning.
    let phone: Vec<_> = out.findings.iter().filter(|f| f.detail_json.contains("\"link\":\"phone\"")).collect();
    assert_eq!(phone.len(), 2);
    for f in phone {
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.related.len(), 1);
        assert!(!f.detail_json.contains("others_count"));
    }
}

#[test]
fn a_section_copied_by_many_lists_the_longest_matches_and_counts_the_rest() {
    // Every dossier of this small batch has the passage: with the default share it would be
    // boilerplate (in more than 5 % of the batch), which is not what is tested here.
    let cfg = cross::Config { df_max_share: 1.0, ..cross::Config::default() };
    let cx = Context::new(cfg, ["项目名称"], cross::DEFAULT_KEY);
    let cap = cx.config.link_list_max;
    // One passage pasted into 2 × cap teams' background, each with its own sentence around it.
    let passage: String = (0..300).map(|i| char::from_u32(0x4E00 + (i * 37 % 2000)).unwrap()).collect();
    let n = 2 * cap as u32;
    let prints: Vec<DossierPrint> = (0..n)
        .map(|i| {
            let own: String = (0..(10 + i)).map(|k| char::from_u32(0x6000 + i * 50 + k).unwrap()).collect();
            let t = format!("{own}{passage}");
            let norm = cross::text::normalise(&t);
            let set = cross::text::shingles(&norm.chars, cx.config.shingle).into_iter().collect();
            DossierPrint {
                dossier_id: format!("T{i:03}"),
                key_id: cx.key_id().to_string(),
                sections: vec![cross::print::SectionPrint {
                    field: "narrative.background".into(),
                    minhash: cross::text::minhash(&set, cx.config.minhash_bands * cx.config.minhash_rows).into(),
                    text: t.into(),
                }],
                ..DossierPrint::default()
            }
        })
        .collect();
    let out = cross::analyse(&prints, &[], &cx);
    let text: Vec<_> = out.findings.iter().filter(|f| f.code == model::FindingCode::SimilarText).collect();
    assert_eq!(text.len(), n as usize, "every copy is found");
    for f in text {
        let d: serde_json::Value = serde_json::from_str(&f.detail_json).unwrap();
        assert_eq!(d["matches_count"], n - 1, "{}", f.dossier_id);
        assert_eq!(d["matches"].as_array().unwrap().len(), cap);
        assert_eq!(f.related.len(), cap);
        assert!(d["longest_run_chars"].as_u64().unwrap() >= 300);
        assert!(f.message_en.contains(&format!("and {} more", n as usize - 1 - cap)), "{}", f.message_en);
    }
    let cluster = out.clusters.iter().find(|c| c.code == "SIMILAR_TEXT").expect("a cluster");
    assert_eq!(cluster.members.len(), n as usize);
}
