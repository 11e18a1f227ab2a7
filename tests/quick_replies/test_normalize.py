"""A shopper types however they like; the matcher sees one canonical form."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from quick_replies.normalize import Normaliser, load_normaliser
from quick_replies.pinyin import PinyinKeys


def test_traditional_characters_become_simplified(normaliser: Normaliser) -> None:
    assert normaliser.normalise("請問發票怎麼開").text == "发票怎么开"


def test_traditional_characters_beyond_the_basic_plane_are_converted_too(
    normaliser: Normaliser,
) -> None:
    # 𠁞 (U+2005E) is outside the character class searched first; with an emoji beside it
    # the text still converts, and an emoji alone leaves the text as it is.
    assert normaliser.clean("𠁞😀") == "𠀾😀"
    assert normaliser.clean("發😀") == "发😀"
    assert normaliser.clean("好的😀") == "好的😀"


def test_full_width_letters_and_digits_become_half_width(normaliser: Normaliser) -> None:
    assert normaliser.clean("ＸＧ１２３４５６") == "xg123456"
    assert normaliser.clean("订单　ＡＢ") == "订单 ab"  # the ideographic space too


def test_digits_read_out_one_by_one_become_a_number(normaliser: Normaliser) -> None:
    assert normaliser.clean("我就打一二三一五") == "我就打12315"
    assert normaliser.clean("电话幺三八零零一二三四五六") == "电话13800123456"
    assert normaliser.clean("买三五斤") == "买三五斤"  # a few numerals are a quantity, not digits


def test_emoji_and_punctuation_are_dropped(normaliser: Normaliser) -> None:
    assert normaliser.normalise("车厘子坏了😡😡！！？").text == "车厘子坏了"


def test_filler_words_are_dropped_unless_they_are_all_there_is(normaliser: Normaliser) -> None:
    assert normaliser.normalise("亲，请问运费怎么算呀？").text == "运费怎么算"
    assert normaliser.normalise("你好").text == "你好"


def test_homophone_typos_are_corrected_before_segmentation(normaliser: Normaliser) -> None:
    assert "发票" in normaliser.normalise("发漂怎么开").tokens
    assert "车厘子" in normaliser.normalise("车里子甜不甜").tokens


def test_synonyms_map_to_their_canonical_word(normaliser: Normaliser) -> None:
    assert "坏了" in normaliser.normalise("沃柑烂了").tokens
    assert "快递" in normaliser.normalise("包裹到哪了").tokens


def test_latin_synonyms_map_whole_words_only(tmp_path: Path) -> None:
    (tmp_path / "synonyms.yaml").write_text("客服: [kf]\n", encoding="utf-8")
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("kf在吗").tokens[0] == "客服"
    assert lexicon.normalise("kf94口罩有货吗").tokens[0] == "kf94"  # a model name stays whole


def test_a_clause_saying_a_matter_is_settled_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "settled.yaml").write_text("settled: [不急, 处理好了]\n", encoding="utf-8")
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("发票不急，先发货").text == "先发货"
    assert lexicon.normalise("换货的事处理好了 这单到哪了").text == "这单到哪了"
    assert lexicon.normalise("发票不急").text == "发票不急"  # nothing else is asked
    assert lexicon.normalise("我不急 先发货").text == "我不急先发货"  # no matter named


def test_a_long_ending_names_its_own_matter(tmp_path: Path) -> None:
    (tmp_path / "settled.yaml").write_text("settled: [不急, 换货不用了]\n", encoding="utf-8")
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("换货不用了 这单到哪了").text == "这单到哪了"
    assert lexicon.normalise("不急 这单到哪了").text == "不急这单到哪了"
    assert lexicon.normalise("还没处理好了 快点").text == "还没处理好了快点"


def test_a_short_clause_going_on_with_a_settled_one_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "settled.yaml").write_text(
        "settled: [收到了, 到了]\ncontinued: [但是, 就是]\n", encoding="utf-8"
    )
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("退款收到了 但是少了20").text == "退款收到了但是少了20"
    assert lexicon.normalise("快递到了 就是少了一个").text == "快递到了就是少了一个"
    # a continuation that says enough of its own is the request
    long_one = lexicon.normalise("退款收到了 但是这次的芒果烂了好几个")
    assert long_one.text == "但是这次的芒果烂了好几个"
    assert lexicon.normalise("上次的退款收到了 这次的发了吗").text == "这次的发了吗"


def test_an_ending_only_reported_or_not_yet_done_is_not_settled(tmp_path: Path) -> None:
    (tmp_path / "settled.yaml").write_text("settled: [开好了, 到了]\n", encoding="utf-8")
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("发票说是开好了 邮箱没收到").text == "发票说是开好了邮箱没收到"
    assert lexicon.normalise("橙子昨天就该到了 还在路上").text == "橙子昨天就该到了还在路上"
    assert lexicon.normalise("发票开好了 这件能换吗").text == "这件能换吗"
    assert lexicon.normalise("退款说到账了 卡里没有").text == "退款说到账了卡里没有"
    assert lexicon.normalise("是不是已经到了 我没看到").text == "是不是已经到了我没看到"
    assert lexicon.normalise("上回说的补偿已经到了 这次的呢").text == "这次的呢"


def test_a_clause_saying_only_that_the_last_is_done_takes_it_aside(tmp_path: Path) -> None:
    (tmp_path / "settled.yaml").write_text(
        "settled: [不急]\nsettles_last: [处理好了, 没问题]\npointing: [已经, 这个]\n",
        encoding="utf-8",
    )
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("上周投诉过快递 已经处理好了 新单发了吗").text == "新单发了吗"
    assert lexicon.normalise("退货寄回去了，这个没问题，耳机防水吗").text == "耳机防水吗"
    # nothing follows: the clause before is what is said
    assert lexicon.normalise("退货寄回去了 这个没问题").text == "退货寄回去了这个没问题"
    # not done yet, or a matter of its own: no pointing back
    kept = lexicon.normalise("地址要改 还没处理好 急用")
    assert kept.text == "地址要改还没处理好急用"
    assert lexicon.normalise("这单到哪了 不急 问问").text == "这单到哪了不急问问"
    # everything before it, thanks included, is what it closes
    said = lexicon.normalise("芒果坏了 补发了 谢谢 这个没问题 苹果到哪了")
    assert said.text == "苹果到哪了"
    # within its sentence, or the one sentence before when it begins one
    own = lexicon.normalise("麻烦帮我改地址。之前投诉过，已经处理好了，这是新问题")
    assert own.text == "麻烦帮我改地址这是新问题"
    before = lexicon.normalise("麻烦帮我改地址。之前投诉过快递。已经处理好了。这是新问题")
    assert before.text == "麻烦帮我改地址这是新问题"


def test_a_clause_telling_of_another_shops_dispute_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "settled.yaml").write_text(
        "settled: [不急]\nelsewhere: [别家, 同事]\ndisputes: [投诉, 人工]\n", encoding="utf-8"
    )
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("我同事投诉过别家发错货，我这单到哪了").text == "我这单到哪了"
    # another person without a dispute, or the shopper's own dispute: kept
    assert lexicon.normalise("同事推荐的，这款甜吗").text == "同事推荐的这款甜吗"
    assert lexicon.normalise("上次投诉过，这次又坏了").text == "上次投诉过这次又坏了"
    # the last clause is what the shopper says, whoever it names
    assert lexicon.normalise("发错货了，我要像别家那样投诉").text == "发错货了我要像别家那样投诉"
    # a sentence before the last: from the clause naming the other to the dispute
    told = lexicon.normalise("同事在别家退货拖了一个月，最后投诉才退。我这单到哪了")
    assert told.text == "我这单到哪了"
    # unless the shopper turns to their own matter in between
    kept = lexicon.normalise("别家客服不理人，我就想问你们能不能转人工？在线等")
    assert kept.text == "别家客服不理人我就想问你们能不能转人工在线等"


def test_a_dispute_of_the_past_is_set_aside_unless_it_goes_on(tmp_path: Path) -> None:
    (tmp_path / "settled.yaml").write_text(
        "settled: [不急]\ncontinued: [到现在]\nelsewhere: [上次]\ndisputes: [投诉, 人工]\n",
        encoding="utf-8",
    )
    lexicon = load_normaliser(tmp_path)
    told = lexicon.normalise("上次找人工催过发货。这次的单到哪了")
    assert told.text == "这次的单到哪了"
    going_on = lexicon.normalise("上次人工客服说给我退款 到现在没看到")
    assert going_on.text == "上次人工客服说给我退款到现在没看到"


def test_aside_words_are_read_as_a_message_reads_them(tmp_path: Path) -> None:
    (tmp_path / "synonyms.yaml").write_text("好的: [ok]\n", encoding="utf-8")
    (tmp_path / "settled.yaml").write_text("settled: [ok了]\n", encoding="utf-8")
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("改地址的事OK了 运费多少").text == "运费多少"


def test_a_clause_saying_what_is_not_meant_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "settled.yaml").write_text(
        "settled: [不急]\ndismissed: [不是问, 你发的是]\n", encoding="utf-8"
    )
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("不是问运费，我要开发票").text == "我要开发票"
    assert lexicon.normalise("你发的是退货流程 我要换个颜色").text == "我要换个颜色"
    assert lexicon.normalise("我问的是能不能退，不是问运费").text == "我问的是能不能退"
    assert lexicon.normalise("不是问运费").text == "不是问运费"  # nothing else is asked
    assert lexicon.normalise("发票不急，先发货").text == "先发货"  # settled endings still read


def test_a_pasted_notice_gives_way_to_the_shoppers_own_words(tmp_path: Path) -> None:
    (tmp_path / "placeholders.yaml").write_text('"[站点x]": site\n', encoding="utf-8")
    (tmp_path / "settled.yaml").write_text(
        "settled: [不急]\npasted: [京东, 快递]\n", encoding="utf-8"
    )
    lexicon = load_normaliser(tmp_path)
    assert lexicon.normalise("【京东】您的订单已签收 收到了，谢谢").text == "收到了谢谢"
    assert lexicon.normalise("【中通快递】派件中，今天能到吗").text == "今天能到吗"
    assert lexicon.normalise("【[站点1]】已签收 我没收到").text == "我没收到"
    assert lexicon.normalise("【京东】您的订单已签收").text == "京东您的订单已签收"  # all there is
    assert lexicon.normalise("【急】什么时候发货").text == "急什么时候发货"  # the shopper's own


def test_a_chat_windows_field_labels_are_dropped_before_a_placeholder(tmp_path: Path) -> None:
    (tmp_path / "placeholders.yaml").write_text('"[订单x]": order_no\n', encoding="utf-8")
    (tmp_path / "form_fields.yaml").write_text("form_fields: [咨询订单号]\n", encoding="utf-8")
    lexicon = load_normaliser(tmp_path)
    header = lexicon.normalise("坏了 咨询订单号:[订单x]")
    assert lexicon.readable(header.text) == "坏了<order_no>"
    assert "咨询订单号" in lexicon.normalise("坏了 咨询订单号是多少").text  # no field filled in


def test_placeholders_become_slot_markers(normaliser: Normaliser) -> None:
    normalised = normaliser.normalise("订单[订单x]怎么还没发货")
    assert normaliser.readable(normalised.text) == "订单<order_no>怎么还没发货"


def test_numbered_placeholders_are_the_same_markers(normaliser: Normaliser) -> None:
    numbered = normaliser.normalise("[订单1]和[订单12]退[金额3]")
    assert numbered.text == normaliser.normalise("[订单x]和[订单x]退[金额x]").text
    assert normaliser.readable(numbered.text) == "<order_no>和<order_no>退<amount>"


def test_a_missing_lexicon_gives_empty_tables(tmp_path: Path) -> None:
    bare = load_normaliser(tmp_path)
    assert bare.normalise("亲，运费多少").text == "亲运费多少"


def test_pinyin_keys_make_homophones_equal(normaliser: Normaliser) -> None:
    keys = PinyinKeys(normaliser.language.syllables)
    assert keys.bigrams("发漂") == keys.bigrams("发票") == [("fa", "piao")]


def test_a_matter_done_and_thanked_for_gives_way_to_the_next_request() -> None:
    normaliser = load_normaliser(Settings().lexicon_dir)  # the demo shop's settled.yaml
    assert normaliser.normalise("差价已经退给我了谢谢，这单到哪了").text == "这单到哪了"
    assert normaliser.normalise("退款收到了谢谢").text == "退款收到了谢谢"  # nothing else is asked
    assert "退款" in normaliser.normalise("退款收到了 但是少了").text  # not thanked: refund


def test_the_demo_lexicon_reads_dialect_and_english_words_as_mandarin() -> None:
    normaliser = load_normaliser(Settings().lexicon_dir)
    assert normaliser.normalise("点解仲未派").text == "为什么还没派"
    assert normaliser.normalise("侬好，阿拉伯椰枣有伐").text == "阿拉伯椰枣有吗"  # 你好 is a filler
    assert normaliser.normalise("order还没ship").text == "订单还没发货"
    refund = normaliser.normalise("Can I get a refund please?")
    assert refund.tokens == ("can", "i", "get", "a", "退款")  # single letters stay
    assert normaliser.normalise("离谱😂").text == "离谱哈哈"
    mixed = [("可以COD吗", "可以货到付款吗"), ("有free gift吗", "有赠品吗")]
    mixed += [("delivery time可以改吗", "送货时间可以改吗"), ("order了三瓶", "下单了三瓶")]
    for written, meant in mixed:
        assert normaliser.normalise(written).text == normaliser.normalise(meant).text
    assert normaliser.normalise("promo code").text == "优惠码"
    assert "吗" not in normaliser.normalise("ornot").text  # phrases match as written


def test_the_demo_lexicon_reads_shorthand_and_speech_recognition_errors() -> None:
    normaliser = load_normaliser(Settings().lexicon_dir)
    assert normaliser.normalise("给你们cp").text == normaliser.normalise("给你们差评").text
    assert normaliser.normalise("yf多少").text == normaliser.normalise("运费多少").text
    assert normaliser.normalise("申请腿款了").text == normaliser.normalise("申请退款了").text
    assert normaliser.normalise("转人宫").text == normaliser.normalise("转人工").text


def test_the_demo_lexicon_reads_taiwan_and_hong_kong_words_as_mainland_ones() -> None:
    normaliser = load_normaliser(Settings().lexicon_dir)
    same = [("保固幾年", "保修几年"), ("我要給負評", "我要给差评"), ("帳號", "账号")]
    same += [("張單寄咗未", "这单寄了没"), ("收到簡訊了", "收到短信了")]
    for written, meant in same:
        assert normaliser.normalise(written).text == normaliser.normalise(meant).text
    assert normaliser.normalise("什麼時候發貨").text == "什么时候发货"  # 么 stays 么
