//! Document metadata: what an official document, a database export or a standard says about
//! itself rather than what it proposes, kept apart from the content.
//!
//! The module owns the [`DocMeta`] record and the patterns that fill it:
//! - the elements of a 公文 laid out by GB/T 9704-2012 (党政机关公文格式): 份号, 密级, 紧急程度,
//!   版头 (发文机关标志, `XX人民政府办公厅文件`, often letter-spaced), 发文字号 and 签发人, 主送机关,
//!   附件说明, 发文机关署名, 成文日期, `（此件公开发布）`, and the 版记 (抄送, 印发机关和印发日期);
//! - the header of a database export such as 北大法宝 (`【法宝引证码】`, `原文链接：`, and
//!   `【发布部门】`/`发布部门：` style fields), whose title is printed twice;
//! - the cover of a standard (ICS and CCS codes, 标准编号, `代替`, `XXXX-XX-XX发布/实施`, the
//!   publishing organ) and its table of contents.
//!
//! [`scan`] marks every such line as [`Furniture::Metadata`], so none of them becomes a unit,
//! records the field it carries, and names the lines that open an attached document (the
//! 办法 printed after a `关于印发《…办法》的通知`), which become articles of their own.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::furniture::Furniture;
use super::lines::Line;
use crate::chars::{char_len, ends_sentence};
use crate::numbering::block_marker;

/// One metadata field of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 发文机关 (版头, 署名, 发布部门).
    Issuer,
    /// 发文字号 (`国发〔2024〕3号`).
    DocNumber,
    /// 签发人.
    Signer,
    /// 主送机关.
    Recipients,
    /// 成文日期.
    Written,
    /// 发布日期.
    Published,
    /// 实施日期.
    Effective,
    /// 效力级别.
    Level,
    /// 时效性.
    Validity,
    /// 法规类别.
    Category,
    /// One entry of the 附件说明.
    Attachment,
    /// 抄送.
    CopiedTo,
    /// 印发机关和印发日期.
    Printed,
    /// A note such as `（此件公开发布）`.
    Note,
    /// Where the text comes from (原文链接).
    Source,
    /// A database's citation code (法宝引证码).
    Citation,
    /// 标准编号.
    Standard,
    /// ICS code of a standard.
    Ics,
    /// CCS (中国标准文献分类号) code of a standard.
    Ccs,
    /// The standard this one replaces (`代替 …`).
    Replaces,
}

/// What a document says about itself. Every field is optional; the first value seen wins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocMeta {
    /// 标题.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// 发文机关.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// 发文字号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// 签发人.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// 主送机关.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<String>,
    /// 成文日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// 发布日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// 实施日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// 效力级别.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// 时效性.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity: Option<String>,
    /// 法规类别.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// 附件说明, one entry per attachment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
    /// 抄送.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copied_to: Option<String>,
    /// 印发机关和印发日期.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed: Option<String>,
    /// Notes such as `此件公开发布`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the text comes from (a URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A database's citation code (法宝引证码).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// 标准编号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// ICS code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ics: Option<String>,
    /// CCS code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ccs: Option<String>,
    /// The standard replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
}

impl DocMeta {
    fn slot(&mut self, field: Field) -> Option<&mut Option<String>> {
        Some(match field {
            Field::Issuer => &mut self.issuer,
            Field::DocNumber => &mut self.doc_number,
            Field::Signer => &mut self.signer,
            Field::Recipients => &mut self.recipients,
            Field::Written => &mut self.written,
            Field::Published => &mut self.published,
            Field::Effective => &mut self.effective,
            Field::Level => &mut self.level,
            Field::Validity => &mut self.validity,
            Field::Category => &mut self.category,
            Field::CopiedTo => &mut self.copied_to,
            Field::Printed => &mut self.printed,
            Field::Note => &mut self.note,
            Field::Source => &mut self.source,
            Field::Citation => &mut self.citation,
            Field::Standard => &mut self.standard,
            Field::Ics => &mut self.ics,
            Field::Ccs => &mut self.ccs,
            Field::Replaces => &mut self.replaces,
            Field::Attachment => return None,
        })
    }

    /// Records a field. The first value of a field wins (a 法宝 header's 发文字号 before the
    /// one printed under the title), except that attachments and continued 抄送 lists add up.
    pub fn set(&mut self, field: Field, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        if field == Field::Attachment {
            if !self.attachments.iter().any(|a| a == value) {
                self.attachments.push(value.to_string());
            }
            return;
        }
        if let Some(slot) = self.slot(field) {
            if slot.is_none() {
                *slot = Some(value.to_string());
            }
        }
    }

    /// Appends a continuation line to the 抄送 list, which often runs over several lines.
    pub fn extend_copied(&mut self, value: &str) {
        match &mut self.copied_to {
            Some(v) => v.push_str(value.trim()),
            None => self.set(Field::CopiedTo, value),
        }
    }

    /// Fills every field this record lacks from `other`.
    pub fn merge(&mut self, other: &DocMeta) {
        if self.title.is_none() {
            self.title.clone_from(&other.title);
        }
        for (field, value) in other.fields() {
            self.set(field, &value);
        }
    }

    /// True when nothing but possibly the title is known.
    pub fn is_empty(&self) -> bool {
        self.fields().is_empty()
    }

    /// The known fields (title excepted) in display order.
    pub fn fields(&self) -> Vec<(Field, String)> {
        let mut copy = self.clone();
        let mut out = Vec::new();
        for field in ALL_FIELDS {
            if field == Field::Attachment {
                out.extend(self.attachments.iter().map(|a| (field, a.clone())));
            } else if let Some(Some(v)) = copy.slot(field) {
                out.push((field, v.clone()));
            }
        }
        out
    }
}

const ALL_FIELDS: [Field; 20] = [
    Field::Issuer,
    Field::DocNumber,
    Field::Signer,
    Field::Recipients,
    Field::Written,
    Field::Published,
    Field::Effective,
    Field::Level,
    Field::Validity,
    Field::Category,
    Field::Standard,
    Field::Replaces,
    Field::Ics,
    Field::Ccs,
    Field::Attachment,
    Field::Note,
    Field::CopiedTo,
    Field::Printed,
    Field::Citation,
    Field::Source,
];

impl Field {
    /// The field's Chinese name, as documents print it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Issuer => "发文机关",
            Field::DocNumber => "发文字号",
            Field::Signer => "签发人",
            Field::Recipients => "主送机关",
            Field::Written => "成文日期",
            Field::Published => "发布日期",
            Field::Effective => "实施日期",
            Field::Level => "效力级别",
            Field::Validity => "时效性",
            Field::Category => "法规类别",
            Field::Attachment => "附件",
            Field::CopiedTo => "抄送",
            Field::Printed => "印发",
            Field::Note => "附注",
            Field::Source => "来源",
            Field::Citation => "引证码",
            Field::Standard => "标准编号",
            Field::Ics => "ICS",
            Field::Ccs => "CCS",
            Field::Replaces => "代替",
        }
    }
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> =
            LazyLock::new(|| Regex::new($pat).expect("metadata pattern is a valid regex"));
    };
}

/// A date written out in full, in Arabic or Chinese numerals (`2016年5月20日`,
/// `二〇一六年五月二十日`).
const DATE: &str = r"(?:[0-9０-９]{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日";

// 发文字号 (GB/T 9704 §7.2.4): 机关代字 + 〔年份〕 + 序号, alone or in brackets, the 签发人 on
// the same line in an upward document.
re!(
    DOC_NUMBER,
    r"^[（(]?\s*(\p{Han}[\p{Han}A-Za-z]{0,14}\s*[〔\[［【(（]\s*[0-9]{4}\s*[〕\]］】)）]\s*(?:第\s*)?[0-9]{1,5}\s*号)\s*[)）]?\s*(?:签\s*发\s*人\s*[:：]\s*(.+))?$"
);
re!(SIGNER, r"^签\s*发\s*人\s*[:：]\s*(.+)$");
// A headline led by a 发文字号 and a space: `晋政办发〔2017〕55号 山西省人民政府办公厅关于印发…`.
re!(
    NUMBER_LED_TITLE,
    r"^(\p{Han}[\p{Han}A-Za-z]{0,14}\s*[〔\[［【]\s*[0-9]{4}\s*[〕\]］】]\s*(?:第\s*)?[0-9]{1,5}\s*号)\s+(\S.*)$"
);
// 版头 (发文机关标志): an organ's name with `文件`, letter-spaced or not.
re!(
    MASTHEAD,
    r"^(\p{Han}{2,40}?(?:政府|办公厅|办公室|委员会|委|部|厅|局|署|院|会|办|党组|党委|中心|集团|公司))文件$"
);
// 份号, 密级 and 紧急程度 (GB/T 9704 §7.2.1–7.2.3).
re!(
    SECRECY,
    r"^(?:[0-9]{6}|(?:绝密|机密|秘密)(?:\s*★.*)?|特急|加急|特提|平急)$"
);
// A database export's header: `【法宝引证码】 CLI.12.…`, `原文链接：https://…`.
re!(CITATION, r"^[【\[]法宝引证码[】\]]\s*(.+)$");
re!(
    URL,
    r"^(?:原文链接|原文地址|链接|网址|来源链接)?\s*[:：]?\s*(https?://\S+)$"
);
// Fields of a database record or a portal's 信息公开 table, bracketed or with a colon.
re!(
    RECORD_FIELD,
    r"^[【\[]?\s*(发布部门|制定机关|发文机关|发文机构|颁布机关|发文字号|文号|发布日期|公布日期|发文日期|成文日期|实施日期|施行日期|生效日期|效力级别|时效性|有效性|法规类别|主题分类|标准编号)\s*[】\]]?\s*[:：]?\s*(.*)$"
);
// 主送机关: organs separated by `、，,；` ending in a colon.
re!(RECIPIENTS, r"^([^。！？；]{2,300}?)[:：]$");
re!(
    ORGAN_END,
    r"(?:政府|办公厅|办公室|委员会|委|部|厅|局|署|院|会|办|党组|党委|中心|集团|公司|部门|单位|机构|直属机构|部委|街道|法院|检察院|银行|大学|学校|高校|企业|人民团体|区|县|市|州|省|自治区|直辖市|军区|乡镇|管委会)$"
);
// 发文机关署名: one organ's name on its own line.
re!(
    ORGAN,
    r"^\p{Han}[\p{Han}（）()·]{1,38}(?:政府|办公厅|办公室|委员会|委|部|厅|局|署|院|会|办|党组|党委|中心|集团|公司|法院|检察院|银行|大学|小组|调查队|研究所|站)$"
);
// An organ with the date and time it posted the text, as portals print it.
re!(
    ORGAN_STAMP,
    r"^(\p{Han}{2,40})\s+([0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?)$"
);
re!(FULL_DATE_LINE, &format!(r"^[（(]?\s*({DATE})\s*[)）]?$"));
re!(
    SIGNED_DATE_LINE,
    &format!(r"^(\p{{Han}}{{2,40}}?)\s+({DATE})$")
);
re!(
    PUBLIC_NOTE,
    r"^[（(]\s*(此件[^（）()]{2,20}|本件[^（）()]{2,20}|联系人[^（）()]{0,40})\s*[)）]$"
);
// 附件说明: `附件：1. …`; an attachment's own heading line: `附件` or `附件2`.
re!(ATTACHMENT_NOTE, r"^附\s*件\s*[:：]\s*(.+)$");
re!(
    ATTACHMENT_HEAD,
    r"^附\s*件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[:：]?$"
);
re!(NUMBERED_ENTRY, r"^[0-9０-９]{1,2}\s*[.．、]\s*(.+)$");
// 版记: `抄送：…`, `XX办公室 2016年5月20日印发`.
re!(COPIED_TO, r"^抄\s*送\s*[:：]\s*(.*)$");
re!(PRINTED, &format!(r"^(.{{2,40}}?)\s*({DATE})\s*印\s*发$"));
re!(SUBJECT_WORDS, r"^主题词\s*[:：]");
// A standard's cover: ICS and CCS codes, 标准编号, replaced standard, dates and organ.
re!(
    ICS,
    r"^ICS\s*([0-9]{2}(?:\.[0-9]{2,3}){0,2})\s*([A-Z][0-9]{2})?$"
);
re!(CCS, r"^(?:CCS\s*)?([A-Z][0-9]{2})$");
re!(
    STANDARD_NUMBER,
    r"^((?:GB|GB/T|GB/Z|[A-Z]{2}|[A-Z]{2}/T|DB[0-9]{0,2}(?:/T)?|T/[A-Z]+)\s*[0-9X]+(?:\.[0-9X]+)?\s*[—－\-–]\s*[0-9X]{2,4}(?:[YX]{0,2})?)\s*(.*)$"
);
re!(REPLACES, r"^代替\s*(.+)$");
re!(
    COVER_DATE,
    r"^([0-9X]{4}\s*[-－—–]\s*[0-9X]{2}\s*[-－—–]\s*[0-9X]{2})\s*(发布|实施)(?:\s+([0-9X]{4}\s*[-－—–]\s*[0-9X]{2}\s*[-－—–]\s*[0-9X]{2})\s*实施)?$"
);
re!(COVER_ORGAN, r"^(\p{Han}[\p{Han}\s]{1,40}?)\s*发\s*布$");
re!(
    STANDARD_KIND,
    r"^中华人民共和国\p{Han}{0,10}标准$|^\p{Han}{0,12}(?:行业|地方|团体|企业)标准$|^备案号\s*[:：]"
);
re!(LOGO, r"^[A-Z]{1,4}(?:/T)?$");
re!(CONTENTS, r"^目\s*(?:次|录)$");
// A table-of-contents entry: its text, then a tab or dot leaders, then a page number.
re!(
    CONTENTS_ENTRY,
    r"(?:\t|…{2,}|\.{4,}|·{4,})\s*[0-9IVXivx]{1,4}$"
);
// Template prompts and draft notes on a cover: `点击此处添加…`, `（本稿完成日期：…）`.
re!(
    DRAFT_NOTE,
    r"^[（(]?\s*(?:本稿完成日期|完成日期)[:：].*$|^点击此处"
);
// A draft's stage under its title: `（征求意见稿）`.
re!(
    DRAFT_STAGE,
    r"^[（(]\s*(?:征求意见稿|送审稿|报批稿|讨论稿|草案|试行|修订稿|工作组讨论稿)\s*[)）]$"
);
// A line wholly in brackets.
re!(ASIDE, r"^[（(]([^（）()]{1,60})[)）]$");
// What brackets under a title may add to it: a period (`2021—2023年`, `2016年修订`) or a
// status (`试行`, `暂行`, `草案`).
re!(
    TITLE_QUALIFIER,
    r"^(?:[0-9０-９]{4}\s*(?:年\s*)?(?:[—－\-–~～至到]\s*[0-9０-９]{4}\s*年?)?\s*(?:修订|修正|版)?|试行|暂行|草案|修订|征求意见稿)$"
);
// A numbered label such as `附件1`, `附表 2`: a few characters and a number.
re!(SET_LABEL, r"^\p{Han}{1,4}[0-9０-９]{1,3}$");
// Where the body of a standard begins: its preface or introduction.
re!(PREFACE, r"^(?:前言|引言)$");
// 《…》 names: the documents a 印发 notice prints after itself.
re!(QUOTED_NAME, r"《([^《》]{2,60})》");
// `关于印发X的通知`, `印发X的通知` without book-title marks.
re!(
    ISSUED_NAME,
    r"(?:印发|转发|颁布|发布)《?([^《》]{2,60}?)》?的(?:通知|决定|通告|公告)$"
);

/// Lines of a document front examined for a header, at most.
const FRONT_LINES: usize = 30;
/// Longest line read as an entry of a table of contents without page numbers.
const CONTENTS_ENTRY_CHARS: usize = 40;
/// Longest line read as an attachment's title, in characters.
const ATTACHED_TITLE_CHARS: usize = 60;

/// What [`scan`] found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Fields carried by each line (index-aligned with the lines).
    pub fields: Vec<Vec<(Field, String)>>,
    /// Lines that open an attached document: each starts an article titled by it.
    pub attached_titles: Vec<usize>,
    /// The title lines of a document whose header was recognised (a 公文's title may be
    /// longer than the generic front-matter rules allow).
    pub title: Vec<usize>,
}

/// Finds the metadata lines of a document and marks them as furniture.
///
/// ```
/// use xietong::clean::lines::repair_lines;
/// use xietong::clean::meta::{scan, Field};
/// let lines = repair_lines("国务院文件\n国发〔2024〕3号\n国务院关于推进X的意见\n各省、自治区、直辖市人民政府：\n现提出如下意见。\n");
/// let mut furniture = vec![None; lines.len()];
/// let s = scan(&lines, &mut furniture);
/// assert_eq!(s.fields[1], [(Field::DocNumber, "国发〔2024〕3号".to_string())]);
/// assert!(furniture[3].is_some() && furniture[2].is_none());
/// ```
pub fn scan(lines: &[Line], furniture: &mut [Option<Furniture>]) -> Scan {
    let mut s = Scan {
        fields: vec![Vec::new(); lines.len()],
        attached_titles: Vec::new(),
        title: Vec::new(),
    };
    // Lines that may carry metadata: content, plus lines the generic furniture rules took as
    // dates, form fields or a colophon (the 版记 is laid out like a bulletin's distribution list).
    let open = |f: &Option<Furniture>| {
        matches!(
            f,
            None | Some(Furniture::PostMeta | Furniture::FormField | Furniture::Colophon)
        )
    };
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].text.is_empty() && open(&furniture[i]))
        .collect();
    let front_end = front(lines, &kept, furniture, &mut s);

    // The rest: signature blocks, 附件说明, 版记, notes, and attached documents.
    let mut names: Vec<String> = Vec::new();
    for &i in &kept[..front_end.min(kept.len())] {
        collect_names(&lines[i].text, &mut names);
    }
    let mut k = front_end;
    let mut after_closing = false;
    let mut in_copied = false;
    let mut in_contents = false;
    let mut contents_first: Option<String> = None;
    let mut contents_entries: Vec<usize> = Vec::new();
    let mut seen_body = false;
    while k < kept.len() {
        let i = kept[k];
        let t = lines[i].text.as_str();
        if in_contents {
            // The contents run until the body starts over with their first entry, or a
            // sentence shows the body has begun.
            let entry = CONTENTS_ENTRY.replace(t, "");
            // The body's headings may carry a marker the contents do not (`一、前言`).
            let bare = block_marker(t).map_or(t, |m| &t[m.len..]);
            let repeat = contents_first
                .as_deref()
                .is_some_and(|f| same_title(f, &entry) || same_title(f, bare));
            let entry_shaped = CONTENTS_ENTRY.is_match(t)
                || char_len(t) <= CONTENTS_ENTRY_CHARS
                    && !ends_sentence(t)
                    && !t.ends_with(['：', ':']);
            if entry_shaped && !repeat && !PREFACE.is_match(&squeeze(bare)) {
                contents_first.get_or_insert_with(|| entry.to_string());
                contents_entries.push(i);
                mark(&mut s, furniture, i, None);
                k += 1;
                continue;
            }
            in_contents = false;
            contents_entries.clear();
        }
        if in_copied {
            // A 抄送 list runs on until its closing `。` or the 印发 line.
            if let Some(c) = PRINTED.captures(t) {
                in_copied = false;
                let v = format!("{} {}", &c[1], &c[2]);
                mark(&mut s, furniture, i, Some((Field::Printed, &v)));
            } else if char_len(t) <= 120 && block_marker(t).is_none() {
                mark(&mut s, furniture, i, Some((Field::CopiedTo, t)));
                in_copied = !t.ends_with('。');
            } else {
                in_copied = false;
                continue;
            }
            k += 1;
            continue;
        }
        if CONTENTS.is_match(&squeeze(t)) {
            mark(&mut s, furniture, i, None);
            in_contents = true;
            k += 1;
            continue;
        }
        if let Some(c) = COPIED_TO.captures(t) {
            mark(&mut s, furniture, i, Some((Field::CopiedTo, &c[1])));
            in_copied = !c[1].ends_with('。');
            k += 1;
            continue;
        }
        if let Some(c) = PRINTED.captures(t) {
            let v = format!("{} {}", &c[1], &c[2]);
            mark(&mut s, furniture, i, Some((Field::Printed, &v)));
            after_closing = true;
            k += 1;
            continue;
        }
        if SUBJECT_WORDS.is_match(t) {
            mark(&mut s, furniture, i, None);
            k += 1;
            continue;
        }
        if let Some(c) = PUBLIC_NOTE.captures(t) {
            mark(&mut s, furniture, i, Some((Field::Note, &c[1])));
            k += 1;
            continue;
        }
        if let Some(c) = ATTACHMENT_NOTE.captures(t) {
            if char_len(t) <= 80 && !ends_sentence(t) {
                let first = NUMBERED_ENTRY
                    .captures(&c[1])
                    .map_or(c[1].to_string(), |e| e[1].to_string());
                names.push(strip_book_marks(&first));
                mark(
                    &mut s,
                    furniture,
                    i,
                    Some((Field::Attachment, &strip_book_marks(&first))),
                );
                k += 1;
                // The 附件说明 goes on with `2. …` lines under it.
                while let Some(&j) = kept.get(k) {
                    let Some(e) = NUMBERED_ENTRY.captures(&lines[j].text) else {
                        break;
                    };
                    if ends_sentence(&lines[j].text) || char_len(&lines[j].text) > 80 {
                        break;
                    }
                    let name = strip_book_marks(&e[1]);
                    names.push(name.clone());
                    mark(&mut s, furniture, j, Some((Field::Attachment, &name)));
                    k += 1;
                }
                continue;
            }
        }
        if ATTACHMENT_HEAD.is_match(t) {
            // `附件2` on its own line heads an attachment; its title follows.
            mark(&mut s, furniture, i, None);
            after_closing = true;
            k += 1;
            continue;
        }
        if let Some(n) = signature(lines, &kept, k) {
            // 发文机关署名 (one line per organ; a joint document lists them all) and 成文日期.
            let mut organs: Vec<String> = Vec::new();
            for &j in &kept[k..k + n] {
                let t = lines[j].text.as_str();
                if let Some(c) = SIGNED_DATE_LINE.captures(t) {
                    organs.push(c[1].to_string());
                    mark(&mut s, furniture, j, Some((Field::Written, &c[2])));
                } else if let Some(c) = FULL_DATE_LINE.captures(t) {
                    mark(&mut s, furniture, j, Some((Field::Written, &c[1])));
                } else {
                    organs.push(squeeze(t));
                    mark(&mut s, furniture, j, None);
                }
            }
            if let Some(&first) = kept.get(k) {
                s.fields[first].push((Field::Issuer, organs.join("、")));
            }
            // Only a signed closing ends a notice; a bare date may close a section.
            after_closing = seen_body && (n >= 2 || SIGNED_DATE_LINE.is_match(t));
            k += n;
            continue;
        }
        if after_closing && is_title_shaped(t) && k + 1 < kept.len() {
            // What follows a closed notice under its own title is the document it prints.
            let mut n = 1;
            while n < 3
                && kept.get(k + n).is_some_and(|&j| {
                    is_title_shaped(&lines[j].text) && !is_attached_name(&lines[j].text, &names)
                })
                && kept
                    .get(k + n + 1)
                    .is_some_and(|&j| !is_title_shaped(&lines[j].text))
            {
                n += 1;
            }
            s.attached_titles.extend(&kept[k..k + n]);
            after_closing = false;
            k += n;
            continue;
        }
        if seen_body && is_attached_name(t, &names) {
            // A line that is exactly one of the names the notice prints opens that document.
            s.attached_titles.push(i);
            after_closing = false;
            k += 1;
            continue;
        }
        if furniture[i].is_none() {
            seen_body = true;
            if s.attached_titles.is_empty() {
                collect_names(t, &mut names);
            }
        }
        after_closing = false;
        k += 1;
    }
    // Contents that run to the end with no body after them are the document itself (a
    // journal issue's contents page), not the front matter of a body.
    for i in contents_entries {
        furniture[i] = None;
    }
    s
}

/// Marks line `i` as metadata, with the field it carries.
fn mark(s: &mut Scan, furniture: &mut [Option<Furniture>], i: usize, field: Option<(Field, &str)>) {
    furniture[i] = Some(Furniture::Metadata);
    if let Some((k, v)) = field.filter(|(_, v)| !v.trim().is_empty()) {
        s.fields[i].push((k, v.trim().to_string()));
    }
}

/// The header of a document: 份号, 密级, 版头, 发文字号, 签发人, database and standard cover
/// fields, the repeated title, and the 主送机关 under the title. Returns the index in `kept`
/// after the last header line examined.
fn front(
    lines: &[Line],
    kept: &[usize],
    furniture: &mut [Option<Furniture>],
    s: &mut Scan,
) -> usize {
    let mut k = 0;
    let mut title: Option<String> = None;
    let mut title_lines = 0;
    let mut standard_cover = false;
    let mut header_seen = false;
    // A bracketed line under the title (a date, the draft stage, an aside) closes it: what
    // follows is the body, even when its first line was broken before its `。`.
    let mut title_closed = false;
    let mut title_at: Vec<usize> = Vec::new();
    let end = |s: &mut Scan, header_seen: bool, title_at: Vec<usize>, k: usize| {
        if header_seen {
            s.title = title_at;
        }
        k
    };
    while k < kept.len() && k < FRONT_LINES {
        let i = kept[k];
        let t = lines[i].text.as_str();
        let tight = squeeze(t);
        if furniture[i].is_some() && furniture[i] != Some(Furniture::FormField) {
            // A date or colophon line in the header is looked at below only when it is one.
            if !FULL_DATE_LINE.is_match(t) && !COVER_DATE.is_match(t) && !RECORD_FIELD.is_match(t) {
                k += 1;
                continue;
            }
        }
        let field: Option<(Field, String)> = if let Some(c) = CITATION.captures(t) {
            Some((Field::Citation, c[1].to_string()))
        } else if let Some(c) = URL.captures(t) {
            Some((Field::Source, c[1].to_string()))
        } else if let Some(c) = RECORD_FIELD.captures(t).filter(|_| char_len(t) <= 80) {
            let key = match &c[1] {
                "发布部门" | "制定机关" | "发文机关" | "发文机构" | "颁布机关" => {
                    Field::Issuer
                }
                "发文字号" | "文号" => Field::DocNumber,
                "发布日期" | "公布日期" | "发文日期" => Field::Published,
                "成文日期" => Field::Written,
                "实施日期" | "施行日期" | "生效日期" => Field::Effective,
                "效力级别" => Field::Level,
                "时效性" | "有效性" => Field::Validity,
                "标准编号" => Field::Standard,
                _ => Field::Category,
            };
            Some((key, c[2].to_string()))
        } else if let Some(c) = DOC_NUMBER.captures(t) {
            if let Some(signer) = c.get(2) {
                mark(s, furniture, i, Some((Field::Signer, signer.as_str())));
            }
            Some((Field::DocNumber, squeeze(&c[1])))
        } else if let Some(c) = SIGNER.captures(t) {
            Some((Field::Signer, c[1].to_string()))
        } else if let Some(c) = MASTHEAD.captures(&tight) {
            Some((Field::Issuer, c[1].to_string()))
        } else if SECRECY.is_match(&tight)
            || STANDARD_KIND.is_match(&tight)
            || DRAFT_NOTE.is_match(t)
        {
            Some((Field::Note, String::new()))
        } else if let Some(stage) = DRAFT_STAGE.find(t).filter(|_| title.is_some()) {
            Some((
                Field::Note,
                stage
                    .as_str()
                    .trim_matches(['（', '）', '(', ')'])
                    .to_string(),
            ))
        } else if let Some(c) = ASIDE.captures(t).filter(|_| title.is_some()) {
            // A line wholly in brackets under the title is an aside about the draft
            // (`（从工作组讨论稿一直写到报批稿）`, `（2023年3月）`), unless it dates or qualifies
            // the title itself (`（2021—2023年）`, `（试行）`).
            if TITLE_QUALIFIER.is_match(c[1].trim()) {
                None
            } else {
                Some((Field::Note, c[1].to_string()))
            }
        } else if SET_LABEL.is_match(&tight) && title.is_none() {
            // A numbered label above the title (`附件1`, `附表2`) places the document in a
            // set; it is not part of the title.
            Some((Field::Note, String::new()))
        } else if CONTENTS.is_match(&tight) {
            // The table of contents ends the cover; the body scan marks its entries.
            return end(s, header_seen, title_at, k);
        } else if let Some(c) = ICS.captures(t) {
            standard_cover = true;
            if let Some(ccs) = c.get(2) {
                mark(s, furniture, i, Some((Field::Ccs, ccs.as_str())));
            }
            Some((Field::Ics, c[1].to_string()))
        } else if let Some(c) = CCS.captures(t).filter(|_| standard_cover) {
            Some((Field::Ccs, c[1].to_string()))
        } else if let Some(c) = STANDARD_NUMBER.captures(t).filter(|c| c[2].is_empty()) {
            standard_cover = true;
            Some((Field::Standard, c[1].to_string()))
        } else if let Some(c) = REPLACES.captures(t).filter(|_| standard_cover) {
            Some((Field::Replaces, c[1].to_string()))
        } else if LOGO.is_match(t) && (standard_cover || k + 1 < kept.len()) && title.is_none() {
            Some((Field::Note, String::new()))
        } else if let Some(c) = COVER_DATE.captures(t) {
            let (first, second) = if &c[2] == "发布" {
                (Field::Published, Field::Effective)
            } else {
                (Field::Effective, Field::Published)
            };
            if let Some(e) = c.get(3) {
                mark(s, furniture, i, Some((second, &squeeze(e.as_str()))));
            }
            Some((first, squeeze(&c[1])))
        } else if let Some(c) = ORGAN_STAMP.captures(t).filter(|c| ORGAN.is_match(&c[1])) {
            // `广西壮族自治区工业和信息化委员会 2017-06-14 14:40`: who published it and when.
            mark(s, furniture, i, Some((Field::Published, &c[2])));
            Some((Field::Issuer, c[1].to_string()))
        } else if let Some(organs) = organ_list(t).filter(|_| title.is_some()) {
            // `万载县统计局 国家统计局万载调查队` under the title: the issuing organs.
            Some((Field::Issuer, organs))
        } else if let Some(c) = COVER_ORGAN.captures(t).filter(|_| standard_cover) {
            Some((Field::Issuer, squeeze(&c[1])))
        } else if standard_cover && title.is_some() && is_foreign(t) {
            // The English title of a standard's cover.
            Some((Field::Note, String::new()))
        } else if FULL_DATE_LINE.is_match(t) {
            // `（2021年10月11日…通过）` style dates under a title.
            Some((
                Field::Written,
                FULL_DATE_LINE
                    .captures(t)
                    .map(|c| c[1].to_string())
                    .unwrap_or_default(),
            ))
        } else {
            None
        };
        if let Some((f, v)) = field {
            mark(s, furniture, i, Some((f, &v)));
            header_seen = true;
            title_closed |= title.is_some() && t.starts_with(['（', '(']);
            k += 1;
            continue;
        }
        if furniture[i].is_some() {
            k += 1;
            continue;
        }
        // A page's headline that puts the 发文字号 before the title (`晋政办发〔2017〕55号 …方案`)
        // over the title itself: the headline is metadata, the title follows.
        if let Some(c) = NUMBER_LED_TITLE.captures(t).filter(|_| title.is_none()) {
            let repeated = kept
                .get(k + 1)
                .is_some_and(|&j| same_title(&c[2], &lines[j].text));
            if repeated {
                mark(s, furniture, i, Some((Field::DocNumber, &squeeze(&c[1]))));
                header_seen = true;
                k += 1;
                continue;
            }
        }
        // The title: a repeat of it (database exports print it twice) is metadata.
        if let Some(prev) = &title {
            if same_title(prev, t) {
                mark(s, furniture, i, None);
                k += 1;
                continue;
            }
        }
        if title_lines > 0 || title.is_some() {
            if let Some(c) = RECIPIENTS.captures(t).filter(|c| is_recipient_list(&c[1])) {
                mark(s, furniture, i, Some((Field::Recipients, &c[1])));
                return end(s, true, title_at, k + 1);
            }
        }
        if title_closed
            || ends_sentence(t)
            || block_marker(t).is_some()
            || char_len(t) > 100
            || title_lines >= 4
            || PREFACE.is_match(&tight)
        {
            return end(s, header_seen, title_at, k);
        }
        title_at.push(i);
        if let Some(prev) = &mut title {
            prev.push_str(t);
        } else {
            title = Some(t.to_string());
        }
        title_lines += 1;
        k += 1;
    }
    end(s, header_seen, title_at, k)
}

/// Organs named side by side on one line (`万载县统计局 国家统计局万载调查队`), joined by `、`.
fn organ_list(t: &str) -> Option<String> {
    let parts: Vec<&str> = t.split_whitespace().collect();
    (parts.len() >= 2 && parts.iter().all(|p| ORGAN.is_match(p))).then(|| parts.join("、"))
}

/// True for a 主送 list: its first organ, and at least two thirds of them, end like an
/// organ's name or are led by `各` (`中央、省驻岳单位` shares one ending between two).
fn is_recipient_list(list: &str) -> bool {
    let parts: Vec<&str> = list
        .split(['、', '，', ',', '；', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let organ =
        |p: &str| p.starts_with('各') || ORGAN_END.is_match(&p.replace(['（', '）', '(', ')'], ""));
    let n = parts.iter().filter(|p| organ(p)).count();
    parts.first().is_some_and(|p| organ(p)) && n * 3 >= parts.len() * 2
}

/// Number of kept lines from `k` that form a 发文机关署名 and 成文日期: organ lines then a
/// date line, or an organ and a date on one line, or a date alone under a finished sentence.
fn signature(lines: &[Line], kept: &[usize], k: usize) -> Option<usize> {
    let text = |p: usize| kept.get(p).map(|&j| lines[j].text.as_str());
    let t = text(k)?;
    if SIGNED_DATE_LINE
        .captures(t)
        .is_some_and(|c| ORGAN.is_match(&c[1]))
    {
        return Some(1);
    }
    if FULL_DATE_LINE.is_match(t) {
        return Some(1);
    }
    let mut n = 0;
    while n < 4 && text(k + n).is_some_and(|l| ORGAN.is_match(&squeeze(l))) {
        n += 1;
    }
    (n > 0 && text(k + n).is_some_and(|l| FULL_DATE_LINE.is_match(l))).then_some(n + 1)
}

/// A line that may be a title: short, not a sentence, no numbering, no colon at its end.
fn is_title_shaped(t: &str) -> bool {
    let n = char_len(t);
    (2..=ATTACHED_TITLE_CHARS).contains(&n)
        && !ends_sentence(t)
        && !t.ends_with(['：', ':', '；', '，', ','])
        && block_marker(t).is_none()
        && !t.starts_with("第")
}

fn is_attached_name(t: &str, names: &[String]) -> bool {
    is_title_shaped(t) && names.iter().any(|n| same_title(n, t))
}

/// Collects the names of documents a 印发/转发 notice prints: its 《…》 names, or the X of
/// `印发X的通知`.
fn collect_names(t: &str, names: &mut Vec<String>) {
    let before = names.len();
    if t.contains("印发") || t.contains("转发") || t.contains("发布") || t.contains("颁布")
    {
        names.extend(QUOTED_NAME.captures_iter(t).map(|c| c[1].to_string()));
        if names.len() == before {
            if let Some(c) = ISSUED_NAME.captures(t) {
                names.push(c[1].to_string());
            }
        }
    }
}

/// Two spellings of one title: equal once punctuation, brackets and spaces are ignored (a
/// database prints `(2021—2023年)` where the document has `（2021-2023年）`).
fn same_title(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let (a, b) = (key(a), key(b));
    !a.is_empty() && a == b
}

fn strip_book_marks(s: &str) -> String {
    s.trim().trim_matches(['《', '》']).trim().to_string()
}

/// The line without spaces (letter-spaced 版头: `办 公 厅 文 件`).
fn squeeze(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Mostly Latin letters: the English title on a standard's cover.
fn is_foreign(t: &str) -> bool {
    let latin = t.chars().filter(char::is_ascii_alphabetic).count();
    latin * 2 > char_len(t)
}
