"""Each form the issue lists, in English and Chinese, written for these tests."""

import pytest

from articles.extraction import ExtractionError, extract


def speakers(text):
    return [(s.name, s.position, s.organisation) for s in extract(text).speakers]


def quotes(text):
    return [(q.speaker, q.text) for q in extract(text).quotes if not q.reported]


def priorities(text):
    return [(p.number, p.title, p.speaker) for p in extract(text).priorities]


# Speakers, English


def test_name_then_role_then_verb():
    text = "Zhang Lei, president of the Coastal Polymer Federation, said the market had turned."
    assert speakers(text) == [("Zhang Lei", "president", "Coastal Polymer Federation")]


def test_verb_then_name_and_role():
    text = '"Prices will settle next year," said Mei Hua, secretary general of the Resin Makers Association.'
    assert speakers(text) == [("Mei Hua", "secretary general", "Resin Makers Association")]


def test_professor_of_organisation():
    text = "Professor Kong Bin of Eastern Chemical University argued that catalysts decide costs."
    assert speakers(text) == [("Kong Bin", "Professor", "Eastern Chemical University")]


def test_according_to_doctor_with_role_at_organisation():
    text = "According to Dr. Sun Yue, chief scientist at Harbour Materials Lab, the first batches passed."
    assert speakers(text) == [("Sun Yue", "chief scientist", "Harbour Materials Lab")]


def test_title_and_organisation_before_the_name():
    text = "Membrane Alliance chairman Du Feng said exports doubled."
    assert speakers(text) == [("Du Feng", "chairman", "Membrane Alliance")]


def test_title_before_name_is_the_position():
    text = "Vice Minister Qiao Lin of the Ministry of Water Resources said pipes must last fifty years."
    assert speakers(text) == [("Qiao Lin", "Vice Minister", "Ministry of Water Resources")]


def test_people_merely_mentioned_are_not_speakers():
    text = "The forum was opened by Lu Ping. Guests included Kim Hyun from Seoul."
    assert speakers(text) == []


# Speakers, Chinese


def test_chinese_organisation_position_name_verb():
    assert speakers("中国涂料工业协会会长韩明表示，行业利润有所回升。") == [("韩明", "会长", "中国涂料工业协会")]


def test_chinese_school_professor():
    assert speakers("华东理工大学材料学院教授钱悦强调，基础研究不能松。") == [("钱悦", "教授", "华东理工大学材料学院")]


def test_chinese_role_in_brackets_and_later_pronoun():
    text = "陈立（北方膜材料研究院副院长）在发言中谈到，膜组件寿命仍短。\n\n他说：“我们要把寿命提高一倍。”"
    assert speakers(text) == [("陈立", "副院长", "北方膜材料研究院")]
    assert quotes(text) == [("陈立", "我们要把寿命提高一倍。")]


# Quotes


def test_curly_straight_corner_and_single_quotes():
    text = (
        "Zhang Lei said: “Our plants run at full load every single month.”\n\n"
        '"Margins are thin but stable this year," Zhang Lei said.\n\n'
        "'The workers' union agreed to the new shifts,' he said.\n\n"
        "韩明表示：「企业要舍得投入研发。」"
    )
    assert quotes(text) == [
        ("Zhang Lei", "Our plants run at full load every single month."),
        ("Zhang Lei", "Margins are thin but stable this year,"),
        ("Zhang Lei", "The workers' union agreed to the new shifts,"),
        ("韩明", "企业要舍得投入研发。"),
    ]


def test_apostrophes_are_not_quotes():
    text = "Zhang Lei, president of the Federation, said China's output and the workers' pay rose."
    assert quotes(text) == []
    text = "Zhang Lei said: 'Now is China's decade for new materials'"
    assert quotes(text) == [("Zhang Lei", "Now is China's decade for new materials")]


def test_split_quote_is_one_quote():
    text = '"We are late," said Mei Hua, secretary general of the Association. "But we can catch up."'
    assert quotes(text) == [("Mei Hua", "We are late, But we can catch up.")]


def test_split_quote_in_chinese_is_joined_without_space():
    assert quotes("“成本还要降，”韩明说，“质量不能降。”") == [("韩明", "成本还要降，质量不能降。")]


def test_two_speakers_quoted_back_to_back_stay_apart():
    text = '"Prices are falling fast now," Zhang Lei said. "Demand will return soon enough," Mei Hua replied.'
    assert quotes(text) == [
        ("Zhang Lei", "Prices are falling fast now,"),
        ("Mei Hua", "Demand will return soon enough,"),
    ]


def test_quote_only_paragraph_belongs_to_the_previous_speaker():
    text = (
        "Mei Hua, vice president of Delta Resins, said the year was hard.\n\n“Nobody expected the price war to last.”"
    )
    assert quotes(text) == [("Mei Hua", "Nobody expected the price war to last.")]
    text = "钱悦表示，研发投入还要加大。\n\n“十年磨一剑，急不得。”"
    assert quotes(text) == [("钱悦", "十年磨一剑，急不得。")]


def test_she_and_ta_refer_back():
    text = "Mei Hua, vice president of Delta Resins, spoke next. “Our customers want proof, not promises,” she said."
    assert quotes(text) == [("Mei Hua", "Our customers want proof, not promises,")]
    assert quotes("韩明表示，情况正在好转。她说：“明年产能翻番。”") == [("韩明", "明年产能翻番。")]


def test_scare_quotes_are_not_quotes():
    text = "Zhang Lei said the “dual carbon” goals and “neck-stuck” parts matter. 韩明表示，“双碳”目标不变。"
    assert quotes(text) == []


def test_nested_quotes_stay_inside():
    text = "Zhang Lei said: “Buyers ask ‘how long will it last?’ before anything else.”"
    assert quotes(text) == [("Zhang Lei", "Buyers ask ‘how long will it last?’ before anything else.")]


def test_reported_speech_is_marked_and_left_out_of_json():
    text = "Zhang Lei said that the industry must cut energy use by a fifth. 钱悦指出，人才培养周期很长，需要耐心。"
    proposals = extract(text)
    assert [(q.speaker, q.reported) for q in proposals.quotes] == [("Zhang Lei", True), ("钱悦", True)]
    assert proposals.as_json()["quotes"] == []


# Priorities


def test_first_second_finally():
    text = (
        "Zhang Lei, president of the Federation, set out three tasks. First, build pilot plants. "
        "Second, train engineers, especially in the west. Finally, agree test standards."
    )
    assert priorities(text) == [
        (1, "build pilot plants", "Zhang Lei"),
        (2, "train engineers", "Zhang Lei"),
        (3, "agree test standards", "Zhang Lei"),
    ]


def test_firstly_secondly_paragraphs_and_description():
    text = (
        "Mei Hua said she had two proposals.\n\n"
        "Firstly, open the labs to small firms. It costs little.\n\nSecondly, share the data."
    )
    proposals = extract(text).priorities
    assert [(p.number, p.title, p.description) for p in proposals] == [
        (1, "open the labs to small firms", "It costs little."),
        (2, "share the data", ""),
    ]


def test_numbered_lines():
    text = "The declaration makes four proposals:\n1. Cut review times.\n2. Share trial data.\n3. Train nurses."
    assert priorities(text) == [(1, "Cut review times", ""), (2, "Share trial data", ""), (3, "Train nurses", "")]


def test_chinese_yi_shi_er_shi():
    text = "韩明提出，下一步要做好三件事：一是稳定供应，保障下游；二是提升质量；三是开拓海外市场。"
    assert priorities(text) == [(1, "稳定供应", "韩明"), (2, "提升质量", "韩明"), (3, "开拓海外市场", "韩明")]


def test_chinese_di_yi_and_brackets_and_dunhao():
    assert [p[1] for p in priorities("钱悦建议：第一，加强合作；第二，培养人才。")] == ["加强合作", "培养人才"]
    assert [p[1] for p in priorities("会议要求：（一）压实责任，按月报送；（二）强化监管。")] == [
        "压实责任",
        "强化监管",
    ]
    assert [p[1] for p in priorities("会议提出三项措施：\n1、统一标准；\n2、共享数据；\n3、联合攻关。")] == [
        "统一标准",
        "共享数据",
        "联合攻关",
    ]


def test_one_item_is_no_run_and_ordinals_are_not_items():
    assert priorities("First, the weather was fine. The forum then closed.") == []
    assert priorities("It was the first time the forum met. This was the second visit.") == []
    assert priorities("这是第一次在北京召开，也是第一届全国论坛。第二次会议明年举行。") == []


def test_agendas_and_attendee_lists_are_not_priorities():
    assert priorities("Attending the symposium were:\n1. Zhao Min, chairman of Baowu\n2. Qian Wei, director") == []
    assert priorities("会议议程：\n1、开幕致辞\n2、主旨报告\n3、圆桌讨论") == []


# Bad input


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no text"),
        ("   \n\n ", "no text"),
        ("x" * 300_000, "at most 100,000"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("caf\xe9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_text_gets_a_clear_message(text, message):
    with pytest.raises(ExtractionError, match=message):
        extract(text)


def test_html_is_read_as_its_text():
    html = "<html><body><p>Zhang Lei said: “Our plants <b>run</b> at full load again.”</p><script>x()</script>"
    assert quotes(html) == [("Zhang Lei", "Our plants run at full load again.")]


def test_mixed_languages_each_paragraph_by_its_own_rules():
    text = (
        "Zhang Lei, president of the Federation, said the year was good.\n\n中国涂料工业协会会长韩明表示，利润回升。"
    )
    assert [s[0] for s in speakers(text)] == ["Zhang Lei", "韩明"]


# Forms found while building; each in words of its own


def test_relative_clause_is_a_speaker_without_a_role():
    assert speakers("Ren Tao, who runs a recycling firm in Foshan, said scrap prices doubled.") == [
        ("Ren Tao", "", "")
    ]


def test_surname_with_role_later_fills_the_role():
    text = "Ou Min said demand was weak.\n\nOu, chief economist at Pearl Securities, said rates would fall."
    assert speakers(text) == [("Ou Min", "chief economist", "Pearl Securities")]


def test_surname_and_honorific_refer_back():
    text = 'Ou Min, chief economist at Pearl Securities, spoke first. "Rates will fall before summer," Ms. Ou said.'
    assert quotes(text) == [("Ou Min", "Rates will fall before summer,")]


def test_organisation_with_a_comma_and_lowercase_joins():
    text = "Wu Jie, an associate professor at the School of Law, Eastern University of Finance and Trade, said so."
    assert speakers(text) == [
        ("Wu Jie", "associate professor", "School of Law, Eastern University of Finance and Trade")
    ]


def test_chinese_single_curly_quotes_after_full_stop():
    text = "宁波港务集团副总经理钟岩说，成本还在涨。‘燃料贵了一倍，运价却没动，’他说，‘这撑不了多久。’"
    assert quotes(text) == [("钟岩", "燃料贵了一倍，运价却没动，这撑不了多久。")]


def test_chinese_organisation_de_name_and_foreign_name():
    assert speakers("北京化工大学的周敏表示，回收技术已经成熟。") == [("周敏", "", "北京化工大学")]
    assert speakers("国际能源署首席分析师约翰·卡特则认为，价格还会回落。") == [
        ("约翰·卡特", "首席分析师", "国际能源署")
    ]


def test_chinese_long_name_after_a_title():
    assert speakers("内蒙古大学生命科学学院教授巴特尔其其格认为，草场需要轮牧。") == [
        ("巴特尔其其格", "教授", "内蒙古大学生命科学学院")
    ]


def test_priorities_set_out_by_nobody_have_no_speaker():
    text = "韩明表示，行业正在好转。\n\n会议要求：一是稳定供应；二是提升质量。"
    assert priorities(text) == [(1, "稳定供应", ""), (2, "提升质量", "")]


def test_chinese_titles_outside_the_list_and_manner_of_speaking():
    assert speakers("南方种业集团首席育种家蒋禾认为，品种要过抗病关。") == [("蒋禾", "首席育种家", "南方种业集团")]
    assert quotes("韩明表示，行业在好转。“明年会更好。”他笑着说。") == [("韩明", "明年会更好。")]


def test_chinese_circled_numbers_yi_yao_and_shouxian_yao():
    assert [p[1] for p in priorities("钱悦建议：①统一接口；②开放数据。")] == ["统一接口", "开放数据"]
    assert [p[1] for p in priorities("钱悦强调，一要稳住订单，二要守住质量。")] == ["稳住订单", "守住质量"]
    assert [p[1] for p in priorities("钱悦认为，首先要稳住订单；其次要守住质量。")] == ["要稳住订单", "要守住质量"]


def test_he_and_she_find_the_speaker_of_their_gender():
    text = (
        "Ms. Ou Min, chief economist at Pearl Securities, spoke first. She said the cycle had turned. "
        "Mr. Ren Tao, director of Foshan Scrap, disagreed.\\n\\n“Rates will fall before summer,” she said."
    )
    assert quotes(text) == [("Ou Min", "Rates will fall before summer,")]
    text = "韩明表示，订单在回升。钱美玲则认为，价格还要跌。\\n\\n“价格战没有赢家。”他说。"
    assert quotes(text) == [("韩明", "价格战没有赢家。")]


def test_chinese_role_given_later_with_zhe_wei():
    text = "蒋禾认为，品种要过抗病关。这位南方种业集团的首席育种家说：“十年才出一个好品种。”"
    assert speakers(text) == [("蒋禾", "首席育种家", "南方种业集团")]
    assert quotes(text) == [("蒋禾", "十年才出一个好品种。")]


def test_chinese_name_says_after_the_quote():
    assert quotes("钱悦表示，行业在好转。\n\n“订单已经排到明年。”钱悦说。") == [("钱悦", "订单已经排到明年。")]


def test_inline_numbers_and_a_first_mention_setting_out_priorities():
    assert [p[1:] for p in priorities("钱悦提出三点建议：1、统一接口；2、开放数据；3、联合攻关。")] == [
        ("统一接口", "钱悦"),
        ("开放数据", "钱悦"),
        ("联合攻关", "钱悦"),
    ]
    text = "Ou Min proposed two steps: (1) cut fees for small firms; (2) publish the data."
    assert [p[1:] for p in priorities(text)] == [
        ("cut fees for small firms", "Ou Min"),
        ("publish the data", "Ou Min"),
    ]
    assert priorities("2023年、2024年产量分别增长5%、8%。于1、2月份完成。") == []
