"""Chinese attributions (中国石油和化学工业联合会会长李寿生表示) and the marks of numbered priorities (一是……二是)."""

import re

from articles.extraction.mentions import Mention

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
    "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪"
    "庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯"
    "隆茹诸战慕危玉银亢嵩寸帖竺呼"
)
COMPOUND_SURNAMES = {
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "司徒",
    "令狐",
    "夏侯",
    "端木",
}
POSITIONS = sorted(
    set(
        "会长 副会长 常务副会长 执行会长 名誉会长 秘书长 副秘书长 常务副秘书长 理事长 "
        "副理事长 常务副理事长 董事长 副董事长 总经理 副总经理 总裁 副总裁 首席执行官 "
        "首席科学家 首席专家 首席技术官 首席经济学家 首席分析师 总工程师 副总工程师 "
        "高级工程师 教授级高级工程师 工程师 教授 副教授 研究员 副研究员 助理研究员 院士 "
        "博士 博士生导师 主任 副主任 常务副主任 所长 副所长 院长 副院长 校长 副校长 "
        "司长 副司长 处长 副处长 局长 副局长 部长 副部长 厅长 副厅长 主席 副主席 "
        "书记 党委书记 党委副书记 总监 经理 分析师 经济学家 董事 厂长 主编 总编辑 "
        "发言人 组长 副组长 讲师 首席 副总 总工 专职副会长 技术总监 研发总监 "
        "首席研究员 高级研究员 特聘教授 客座教授 副主任委员 主任委员 委员 巡视员 "
        "副巡视员 负责人 创始人 合伙人 联合创始人 执行董事 执行总裁 首席运营官 "
        "首席财务官 研究所所长 高级副总裁 执行副总裁 总经济师 总会计师 总规划师 农艺师 "
        "高级农艺师 站长 科长 主任医师 医师 律师 会计师 设计师 规划师 架构师 "
        "产品经理 区域经理 销售总监 市场总监 财务总监 运营总监 首席信息官 首席数据官 "
        "首席战略官 首席产品官 教授级高工 高工 理事 常务理事 监事长 秘书 馆长 台长 "
        "社长 总编 支部书记 村主任 县长 市长 省长 副县长 副市长 副省长 区长 镇长 "
        "乡长 调研员 一级巡视员 二级巡视员 技术专家 首席技术专家 学科带头人 项目经理 "
        "项目负责人 高级合伙人 独立董事 董事会秘书 讲席教授 轮值主席 执行主席 名誉主席 "
        "荣誉会长 科学家 育种家 专家 助理 院长助理 总裁助理".split()
    ),
    key=len,
    reverse=True,
)
POSITION_ALT = "|".join(POSITIONS)
ORG_ENDINGS = (
    "大学|学院|公司|协会|学会|研究院|研究所|集团|中心|委员会|联合会|联盟|银行|医院|部|厅|局|处|院|所|会|厂|社"
)
ROLE_PREFIXES = {"独立", "资深", "知名", "著名", "青年", "特约", "兼职"}
VERBS = sorted(
    set(
        "表示 指出 强调 认为 介绍 说道 谈道 说 称 提出 建议 坦言 直言 透露 谈到 "
        "提到 呼吁 补充道 补充说 总结道 解释道 解释说 回忆道 回忆说 感慨道 告诉记者 "
        "预计 预测 分析称 分析说 分析 寄语 提醒 坦承 总结 阐述 介绍道 表态 直言道 "
        "笑称 举例说 进一步指出 进一步表示 还说 接着说 补充 列举 概括 归纳 "
        "笑言 感叹 感慨 打趣 坦陈 直呼 告诫 回应 问道 反问 回答 答道 评价 形容 "
        "比喻 算了一笔账 说明道 发问 追问 道出".split()
    ),
    key=len,
    reverse=True,
)
# Verbs that introduce speech only when punctuation or a quotation follows (说明, 称为, 提出了方案 are not speech).
LOOSE_VERBS = {"表示", "指出", "强调", "认为", "坦言", "直言", "透露", "呼吁", "提出", "介绍", "谈到", "提到", "阐述"}
DELIMITERS = "，。；：！？,;:!?“”「」『』《》\n"
VERB = re.compile("|".join(VERBS))
SPEECH_FOLLOWS = set('道：:，,“「"。！？')
# What may stand between a name and its verb: 在会上, 在致辞中, 也, 还, 随即 …
BETWEEN = re.compile(
    r"(?:在[^在，。]{1,20}?(?:上|中|时|后|期间|之际))?"
    r"(?:也|还|则|更|又|再次|进一步|特别|同时|随后|随即|接着|明确|一再|反复|多次|最后|首先|此前|曾|曾经|坦率地|直接|亦|就此|对此|"
    r"向记者|对记者|在会上|现场|当场|一开口|[\u4e00-\u9fff]{1,3}地|[\u4e00-\u9fff]{1,2}着)*$"
)
LEADING_WORDS = re.compile(
    r"^(?:据|会上|会议上|论坛上|座谈会上|研讨会上|大会上|随后|同时|此外|另外|对此|而|但|并|最后|其中|不过|因此|所以|"
    r"作为|来自|谈及|谈到|针对|关于|就|与会的|出席会议的|研讨会上|发言中|)+"
)
NAME_END_STOP = set("在与和及等也还则说表指强认介提称的是就对从向为将把被今近日一随接均都又")
PAREN = re.compile(r"[（(](?P<inside>[^（）()“”]{2,60})[）)]$")
PRONOUNS = {"他", "她"}
NOT_NAMES = set(
    "单位 方面 方式 方向 方案 成本 成果 成员 成为 高度 高端 高效 高校 时间 时代 时期 周期 于是 和平 "
    "江苏 常州 安全 安徽 项目 马上 文件 文化 黄金 金融 金额 石油 石化 余额 任务 任何 应用 应对 "
    "全面 全国 全部 全球 万元 万吨 向前 关于 关键 关注 明年 明确 明显 华东 华南 华北 宁夏 宁波 "
    "海外 海洋 海关 温度 景气 车辆 车企 路径 原料 原则 原因 甘肃 程度 管理 管道 能源 龙头 "
    "国内 国际 国家 国产 平台 平均 强化 强调 谈判 包括 包装 毛利 钱塘 严格 严重 孔径 司法 "
    "苏州 杭州 温州 齐全 齐鲁 鲁南 安排 都是 都有 向下 向上 双方 ".split()
) | set(
    "专家 记者 代表 大家 企业 我们 他们 她们 业内 人士 与会 嘉宾 报告 文章 数据 会议 论坛 有关 该 这 那 它".split()
)
FOREIGN_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}$")
REPORTED_VERBS = {"表示", "指出", "强调", "认为", "介绍", "坦言", "直言", "透露", "呼吁", "提出", "建议"}

CN_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
START = r"(?:^|(?<=[，。；：！？、\s,;:]))"
PRIORITY_MARKERS = [
    ("shi", re.compile(rf"{START}(?P<cn>[一二三四五六七八九十])是(?!否|非|的)")),
    ("di", re.compile(rf"{START}第(?P<cn>[一二三四五六七八九十])(?:[，,、：:]|是)")),
    ("paren-cn", re.compile(r"[（(](?P<cn>[一二三四五六七八九十])[）)]\s*")),
    ("paren-n", re.compile(r"[（(](?P<n>\d{1,2})[）)]\s*")),
    ("numbered", re.compile(r"^\s*(?P<n>\d{1,2})(?:[、．)）]|\.(?!\d))\s*")),
    ("numbered", re.compile(r"(?<=[：:；;，,。])\s*(?P<n>\d{1,2})[、．)）]\s*")),
    ("first-then", re.compile(rf"{START}(?P<word>首先|其次|再次|然后|最后)(?:[，,]|(?=要|是|应|需|必须))")),
    ("yao", re.compile(rf"{START}(?P<cn>[一二三四五六七八九十])要(?=[\u4e00-\u9fff])")),
    ("qi", re.compile(rf"{START}其(?P<cn>[一二三四五六七八九十])(?:[，,：:、]|是)")),
    ("circled", re.compile(r"(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩])\s*")),
]
TITLE_END = re.compile(r"[，,；;：:。！？!?]")


SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "然后": 3, "最后": "last"}


def marker_number(match):
    word = match.groupdict().get("word")
    if word:
        return SEQUENCE_WORDS[word]
    circled = match.groupdict().get("circled")
    if circled:
        return "①②③④⑤⑥⑦⑧⑨⑩".index(circled) + 1
    cn = match.groupdict().get("cn")
    if cn:
        return CN_NUMBERS[cn]
    return int(match["n"])


def looks_like_name(text):
    if FOREIGN_NAME.fullmatch(text):
        return True
    if not 2 <= len(text) <= 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", text) or text in NOT_NAMES:
        return False
    if text[:2] in COMPOUND_SURNAMES:
        return len(text) >= 3
    return text[0] in SURNAMES and len(text) <= 3


def name_at_end(text):
    """The name a clause ends with: 会上李寿生 -> 李寿生; a three-character name before a two-character one."""
    foreign = FOREIGN_NAME.search(text)
    if foreign:
        return foreign.group()
    for size in (3, 2, 4):
        if len(text) >= size and looks_like_name(text[-size:]):
            return text[-size:]
    return None


def name_after_position(text):
    """After a job title any two to five characters are the name (乌云格日勒), not only a common surname's."""
    return looks_like_name(text) or (
        2 <= len(text) <= 6 and re.fullmatch(r"[\u4e00-\u9fff·]+", text) is not None and text not in NOT_NAMES
    )


GENERIC_ROLE = re.compile(
    "(?:" + "|".join(f"(?<={ending})" for ending in ORG_ENDINGS.split("|")) + ")"
    r"[\u4e00-\u9fff]{0,5}(?:家|师|员|长|官|主任|总监|经理|书记|主席|代表|顾问|主管|董事|专家)$"
)


def split_role(text):
    """'中国石油和化学工业联合会会长' -> ('会长', '中国石油和化学工业联合会'); None without a job title at the end.

    A title the list does not know still counts when it ends like one (…家, …师, …员, …长) right
    after the end of an organisation's name (北方种业集团首席育种家)."""
    match = re.search(rf"(?:{POSITION_ALT})$", text)
    if not match:
        generic = GENERIC_ROLE.search(text)
        if generic is None:
            return None
        return generic.group(), text[: generic.start()].rstrip("的")
    position, organisation = match.group(), text[: match.start()]
    modifier = re.search(r"(?:首席|高级|常务|执行|特聘|名誉|荣誉|资深|助理|副)+$", organisation)
    if modifier:  # 首席 + 育种家
        position, organisation = modifier.group() + position, organisation[: modifier.start()]
    if organisation in ROLE_PREFIXES:  # 独立分析师: a kind of analyst, not an organisation
        position, organisation = organisation + position, ""
    while True:  # 党委书记、董事长 / 创始人兼首席执行官: several posts
        more = re.search(rf"(?:{POSITION_ALT})[、兼]$", organisation)
        if not more:
            break
        position, organisation = more.group() + position, organisation[: more.start()]
    return position, organisation.rstrip("的")


def split_head(head):  # noqa: PLR0911  (one return per form a head takes)
    """'中国石油和化学工业联合会会长李寿生' -> ('李寿生', '会长', '中国石油和化学工业联合会')."""
    paren = PAREN.search(head)
    if paren:  # 陈嘉言（深圳芯驰半导体有限公司首席技术官）
        name = name_at_end(head[: paren.start()]) or ""
        role = split_role(paren["inside"])
        if name and role:
            return name, role[0], role[1]
        return (name, "", "") if name else None
    titles = list(re.finditer(rf"(?:{POSITION_ALT})", head))
    # A common surname first; any name (巴特尔其其格) only when none fits and no title is inside it.
    for fits in (looks_like_name, name_after_position):
        for match in titles:
            name = head[match.end() :]
            if fits(name) and not re.search(rf"(?:{POSITION_ALT})", name):
                position, organisation = split_role(head[: match.end()])
                return name, position, organisation
    trailing = re.search(rf"(?:{POSITION_ALT})$", head)
    if trailing:  # 李寿生会长, or 李会长 (a reference)
        before = head[: trailing.start()]
        if looks_like_name(before):
            return before, trailing.group(), ""
        if before in SURNAMES or before in COMPOUND_SURNAMES:
            return before, trailing.group(), "reference"
        return None
    if looks_like_name(head):
        return head, "", ""
    of = re.fullmatch(rf"(?P<org>[^的]{{2,40}}(?:{ORG_ENDINGS}))的(?P<name>[\u4e00-\u9fff·]{{2,8}})", head)
    if of and looks_like_name(of["name"]):  # 复旦大学微电子学院的苏婧
        return of["name"], "", of["org"]
    name = name_at_end(head)
    return (name, "", "") if name and len(head) - len(name) <= 6 else None


CLAUSE_REACH = 80  # characters looked back for the start of the clause naming a speaker


def clause_before(masked, position):
    floor = max(0, position - CLAUSE_REACH)
    start = max(max(masked.rfind(d, floor, position) for d in DELIMITERS) + 1, floor)
    return start, masked[start:position]


def appositive_before(masked, start):
    """'王海川，长三角锂电产业协会秘书长，在总结发言中提出': the name and role in the two clauses before."""
    floor = max(0, start - 60)
    match = re.search(r"(?P<name>[\u4e00-\u9fff·]{2,6})[，,](?P<role>[^，。；：,“”]{2,40})[，,]$", masked[floor:start])
    if not match:
        return None
    role = split_role(match["role"])
    name = name_at_end(match["name"]) if match["name"] not in NOT_NAMES else None
    if not role or not name:
        return None
    return floor + match.start("name"), (name, role[0], role[1])


def speaker_clause(masked, verb):
    """The clause before a verb of saying, without what may stand between a name and its verb."""
    start, head = clause_before(masked, verb.start())
    english_sentence = re.match(r"^.*[.!?]\s+", head)  # "… by a fifth. 钱悦指出"
    if english_sentence:
        start, head = start + english_sentence.end(), head[english_sentence.end() :]
    return start, LEADING_WORDS.sub("", BETWEEN.sub("", head))


def mention_at(masked, verb):
    after = masked[verb.end() : verb.end() + 1]
    if after and after not in SPEECH_FOLLOWS and verb.group() not in LOOSE_VERBS:
        return None
    start, head = speaker_clause(masked, verb)
    kind = {"start": start, "end": verb.end(), "verb": verb.group()}
    if head in PRONOUNS:
        return Mention(**kind, pronoun=True, gender="f" if head == "她" else "m")
    if head.startswith("这位"):
        role = split_role(head[2:].replace("的", "")) or ("", "")
        return Mention(**kind, pronoun=True, position=role[0], organisation=role[1])
    appositive = None if head else appositive_before(masked, start)
    if appositive:
        kind["start"], parsed = appositive
    else:
        parsed = split_head(head) if head else None
    if parsed is None:
        return None
    name, position, organisation = parsed
    if organisation == "reference":
        return Mention(**kind, name=name, title=position, reference=True)
    return Mention(**kind, name=name, position=position, organisation=organisation)


WEAK_ROLE_NAME = re.compile(
    rf"(?:{POSITION_ALT})(?P<name>[\u4e00-\u9fff]{{1,6}}·[\u4e00-\u9fff]{{1,8}}|[\u4e00-\u9fff]{{2,5}})"
)
# 王海川，长三角锂电产业协会秘书长，… / 作为……副主任，蒋秀华… / 程美玲是……理事长
WEAK_APPOSITIVE = re.compile(r"(?P<name>[\u4e00-\u9fff·]{2,8})[，,](?P<role>[^，。；：,“”]{2,40})[，,]")
WEAK_AS = re.compile(r"作为(?P<role>[^，。；：,“”]{2,40})[，,](?P<name>[\u4e00-\u9fff·]{2,8})")
THIS_PERSON = re.compile(r"这位(?P<role>[^，。；：,“”]{2,40}?)(?=[，。；,]|(?:表示|说|认为|指出|强调))")
WEAK_IS = re.compile(r"(?P<name>[\u4e00-\u9fff·]{2,8})是(?P<role>[^，。；：,“”]{2,40}?)(?=[，。；,])")
WEAK_PAREN = re.compile(r"(?P<name>[\u4e00-\u9fff·]{2,8})[（(](?P<inside>[^（）()“”]{2,60})[）)]")


def trim_name(name):
    """The name at the start of a run of characters: 张伟在会上 -> 张伟; 马丁·汉森则认为 -> 马丁·汉森."""
    if "·" in name:
        given, family = name.split("·", 1)
        stop = next((i for i, c in enumerate(family) if c in NAME_END_STOP), len(family))
        return f"{given}·{family[:stop]}" if stop >= 1 else None
    for size in (3, 2):
        candidate = name[:size]
        if len(candidate) == size and (size == 2 or candidate[2] not in NAME_END_STOP):
            return candidate
    return None


def weak_mentions(masked):
    """People named with a role but no verb of saying (主持：……副厅长高建民; 林思远（……副院长）)."""
    for match in WEAK_ROLE_NAME.finditer(masked):
        name = trim_name(match["name"])
        if not name or name in NOT_NAMES:
            continue
        clause_start, clause = clause_before(masked, match.start("name"))
        role = split_role(clause)
        if role:
            yield Mention(start=clause_start, end=match.start("name") + len(name), name=name,
                          position=role[0], organisation=role[1], weak=True)  # fmt: skip
    for pattern, name_of in ((WEAK_APPOSITIVE, name_at_end), (WEAK_AS, trim_name), (WEAK_IS, name_at_end)):
        for match in pattern.finditer(masked):
            name = name_of(match["name"])
            role = split_role(match["role"])
            if name and role and name not in NOT_NAMES:
                yield Mention(start=match.start("name"), end=match.end(), name=name, position=role[0],
                              organisation=role[1], weak=True)  # fmt: skip
    for match in THIS_PERSON.finditer(masked):  # 这位北方种业集团的首席育种家: the role of whoever was just named
        role = split_role(match["role"].replace("的", ""))
        if role:
            yield Mention(start=match.start(), end=match.end(), pronoun=True, position=role[0],
                          organisation=role[1], weak=True)  # fmt: skip
    for match in WEAK_PAREN.finditer(masked):
        name = name_at_end(match["name"])
        role = split_role(match["inside"])
        if name and role:
            yield Mention(start=match.start(), end=match.end(), name=name, position=role[0],
                          organisation=role[1], weak=True)  # fmt: skip


def known_names(masked, registry):
    for speaker in registry.recent[-30:] if registry else []:
        for match in re.finditer(re.escape(speaker.name), masked):
            yield Mention(start=match.start(), end=match.end(), name=speaker.name, weak=True)


def written_in(text):
    return len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2


def attributions(paragraph, registry=None):
    mentions = [mention for verb in VERB.finditer(paragraph.masked) if (mention := mention_at(paragraph.masked, verb))]
    mentions += list(weak_mentions(paragraph.masked)) + list(known_names(paragraph.masked, registry))
    kept = []
    for mention in sorted(mentions, key=lambda m: (m.start, m.weak, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            if mention.weak or not kept[-1].weak:
                continue
            kept.pop()
        kept.append(mention)
    return kept


def reported_text(paragraph, mention):
    """'X指出，……。': the words after the comma to the end of the sentence, when no quotation follows."""
    if mention.verb not in REPORTED_VERBS:
        return None
    start = mention.end + (paragraph.masked[mention.end : mention.end + 1] in ("，", ",", "：", ":"))
    end = paragraph.sentence_end_after(start)
    text = paragraph.text[start:end].strip()
    if "“" in paragraph.masked[start:end] or len(text) < 8:
        return None
    return text.rstrip("。")


def title_and_description(item):
    item = item.strip()
    end = TITLE_END.search(item)
    if not end:
        return item.rstrip("；;。"), ""
    return item[: end.start()].strip(), item[end.end() :].strip().rstrip("；;").strip()


QUOTE_MIN_CHARACTERS = 6


def long_enough(words):
    return len(re.sub(r"\s", "", words)) >= QUOTE_MIN_CHARACTERS


def join_split(first, second):
    return first.rstrip() + second.lstrip()
