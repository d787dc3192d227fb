//! Tokenizer tests on sentences taken from the seed documents.

use super::*;

fn default_tokenizer() -> Tokenizer {
    TokenizerParams::new().build().unwrap()
}

/// Plain `cut` without sub-words, for tests that assert the exact token sequence.
fn cut_tokenizer() -> Tokenizer {
    TokenizerParams::new().subwords(false).build().unwrap()
}

fn has(tokens: &[String], t: &str) -> bool {
    tokens.iter().any(|x| x == t)
}

#[test]
fn seed_sentence_keeps_policy_terms_whole_and_drops_filler() {
    let tok = cut_tokenizer();
    // Seed 000, first paragraph (line breaks of the PDF removed).
    let t = tok.tokenize(
        "扬子江城市群是我国制造业最发达的地区之一，推动城市群制造业高质量发展，必须要促进产业协同发展。",
    );
    assert_eq!(t[0], "扬子江城市群");
    for dropped in ["的", "是", "推动", "促进", "发展", "，", "。", "之一"] {
        assert!(!has(&t, dropped), "{dropped} kept in {t:?}");
    }
    assert!(has(&t, "制造业") && has(&t, "协同"));
    // Seed 002, section 二(四).
    let t = tok.tokenize("参考工信部关于集群促进机构的绩效评价和验收考核要求，尽快出台省级层面的《集群促进机构发展意见》");
    assert_eq!(
        t.iter().filter(|x| *x == "集群促进机构").count(),
        2,
        "{t:?}"
    );
    assert!(!has(&t, "《") && !has(&t, "关于") && !has(&t, "要求"));
}

#[test]
fn numerals_are_dropped_but_alphanumeric_words_kept() {
    let tok = cut_tokenizer();
    // Seeds 004 and 002.
    let t = tok.tokenize("自2006年以来,苏南苏北各类共建园区共38个。14个重点先进制造业集群");
    assert!(has(&t, "共建园区") && has(&t, "苏南") && has(&t, "先进制造业集群"));
    assert!(
        t.iter().all(|x| !x.chars().any(|c| c.is_ascii_digit())),
        "{t:?}"
    );
    let t = tok.tokenize("在发挥大数据、云计算、人工智能、5G 等技术的链接作用");
    assert!(
        has(&t, "5g") && has(&t, "大数据") && has(&t, "云计算"),
        "{t:?}"
    );
    // Seed 003.
    let t = tok.tokenize("《长三角G60科创走廊建设方案》");
    assert_eq!(t, ["长三角", "g60", "科创走廊", "方案"]);
}

#[test]
fn subwords_let_word_order_variants_share_terms() {
    let tok = default_tokenizer();
    // Seed 001 says 园区共建, seed 004 says 共建园区.
    let a = tok.tokenize("强化园区共建，深化跨江融合的实践探索");
    let b = tok.tokenize("推进共建园区提档升级");
    assert!(has(&a, "园区共建") && has(&b, "共建园区"), "{a:?} {b:?}");
    assert!(has(&a, "园区") && has(&a, "共建") && has(&b, "园区") && has(&b, "共建"));
    let c = tok.tokenize("扬子江城市群是我国制造业最发达的地区之一");
    assert!(
        has(&c, "扬子江城市群") && has(&c, "扬子江") && has(&c, "城市群"),
        "{c:?}"
    );
    assert!(!has(&cut_tokenizer().tokenize("推进共建园区"), "园区"));
}

#[test]
fn full_width_forms_normalise_to_lower_case_half_width() {
    let tok = default_tokenizer();
    assert_eq!(
        tok.tokenize("打造Ｇ６０科创走廊"),
        tok.tokenize("打造g60科创走廊")
    );
    assert!(has(&tok.tokenize("打造Ｇ６０科创走廊"), "g60"));
}

#[test]
fn single_characters_are_dropped_by_default_and_kept_with_min_chars_one() {
    // Seed 000.
    let text = "确保党在农村工作中始终总揽全局";
    let t = cut_tokenizer().tokenize(text);
    assert_eq!(t, ["确保", "农村", "始终", "总揽全局"]);
    let one = TokenizerParams::new().min_chars(1).build().unwrap();
    assert!(has(&one.tokenize(text), "党"));
}

#[test]
fn user_dictionary_and_stop_words_extend_the_defaults() {
    // Seed 001.
    let text = "南通将全力推动长江口产业创新协同区建设";
    let base = cut_tokenizer().tokenize(text);
    assert_eq!(base, ["南通", "全力", "长江口", "产业创新协同区"]);
    let tok = TokenizerParams::new()
        .subwords(false)
        .user_dict("extra.dict", "长江口产业创新协同区 50000 ns\n")
        .stopwords("extra.stop", "全力\n")
        .build()
        .unwrap();
    assert_eq!(tok.tokenize(text), ["南通", "长江口产业创新协同区"]);
}

#[test]
fn bad_dictionary_line_is_reported_with_its_number() {
    let err = TokenizerParams::new()
        .user_dict("my.dict", "飞地经济 100 n\n共建园区 lots n\n")
        .check()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "my.dict:2: frequency `lots` is not a non-negative integer"
    );
    let err = TokenizerParams::new()
        .stopwords("my.stop", "推动\n加强 推进\n")
        .check()
        .unwrap_err();
    assert!(matches!(err, TextError::StopwordNotOneWord { line: 2, .. }));
}

#[test]
fn zero_min_chars_is_rejected() {
    assert_eq!(
        TokenizerParams::new().min_chars(0).check().unwrap_err(),
        TextError::ZeroMinChars
    );
}

#[test]
fn embedded_models_parse() {
    let p = TokenizerParams::new().check().unwrap();
    assert!(p.entries().len() >= 300);
    assert!(default_tokenizer().is_stopword("推进"));
}

#[test]
fn tokenize_all_keeps_input_order_and_matches_tokenize() {
    let tok = default_tokenizer();
    let seed = include_str!("../../seeds/003_e6db8e3596dbca84.txt");
    let lines: Vec<&str> = seed.lines().collect();
    let all = tok.tokenize_all(&lines);
    let one: Vec<Vec<String>> = lines.iter().map(|l| tok.tokenize(l)).collect();
    assert_eq!(all, one);
    fn assert_sync<T: Sync + Send>() {}
    assert_sync::<Tokenizer>();
}
