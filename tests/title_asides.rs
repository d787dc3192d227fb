//! Titles under which a bracketed line is printed: the 通过 date of a resolution, a draft's
//! stage or an aside about it. The bracketed line is a note and closes the title, so a first
//! body line broken before its `。` is not glued on; brackets that date or qualify the title
//! (`（2021—2023年）`, `（试行）`) stay part of it; a numbered label above a title is no part
//! of it.

use xietong::clean::clean;

fn title(text: &str) -> Option<String> {
    clean(text).articles.first().and_then(|a| a.title.clone())
}

#[test]
fn a_bracketed_line_under_the_title_closes_it() {
    // The shape of a 全国人大 resolution as scraped: the body's first sentence broken in two.
    let text = "第十三届全国人民代表大会第三次会议关于政府工作报告的决议\n\n\
                （2020年5月28日第十三届全国人民代表大会第三次会议通过）\n\n\
                第十三届全国人民代表大会第三次会议听取和审议了国务院总理李克强所作的\n\n\
                政府工作报告\n\n\
                。会议充分肯定国务院过去一年多的工作，同意报告提出的总体要求、主要目标和重点任务。\n";
    assert_eq!(
        title(text).as_deref(),
        Some("第十三届全国人民代表大会第三次会议关于政府工作报告的决议")
    );
    let note = "核电厂定期安全评价 第1部分：通用要求\n\n编制说明\n\n（征求意见稿）\n\n\
                （从工作组讨论稿一直写到报批稿）\n\n（2023年3月）\n\n\
                一、任务来源及计划要求\n\n本标准来源于国家能源局下达的标准制修订计划。\n";
    assert_eq!(
        title(note).as_deref(),
        Some("核电厂定期安全评价 第1部分：通用要求编制说明")
    );
}

#[test]
fn brackets_that_date_or_qualify_the_title_stay() {
    let text = "广西壮族自治区推进数字经济发展三年行动计划\n\n（2021—2023年）\n\n\
                为加快数字经济发展，制定本行动计划。\n";
    assert_eq!(
        title(text).as_deref(),
        Some("广西壮族自治区推进数字经济发展三年行动计划（2021—2023年）")
    );
}

#[test]
fn a_numbered_label_above_the_title_is_no_part_of_it() {
    let text =
        "附件2\n\n江苏省先进制造业集群培育实施方案\n\n为加快培育先进制造业集群，制定本方案。\n";
    assert_eq!(
        title(text).as_deref(),
        Some("江苏省先进制造业集群培育实施方案")
    );
}
