"""Demo content: one symposium on new chemical materials, written for this site.

The facts (names, roles, date, the five priorities) come from public
reporting of the event; the wording is our own.
"""

import datetime

from django.db import transaction
from taggit.models import Tag

from articles.models import Article, Event, Quote, Speaker
from articles.services import link_translations
from priorities.models import Priority
from symposium.models import TagTopic, TopicTag

UTC = datetime.UTC

EVENT = {
    "slug": "new-chemical-materials-strategy-symposium-2019",
    "name_en": "Symposium on Development Strategies of New Chemical Materials Industry in China",
    "name_zh_hans": "中国化工新材料产业发展战略研讨会",
    "start_date": datetime.date(2019, 7, 5),
    "summary": (
        "Officials, industry leaders and researchers met to weigh how China's new chemical "
        "materials sector can close its technology gaps and move towards higher-quality growth."
    ),
}

# Names, positions and organisations in both languages where the demo knows them; a blank
# one is shown in the other language (Xu Jian's position, Teng Fei's department).
SPEAKERS = {
    "teng-fei": {
        "name_en": "Teng Fei",
        "name_zh_hans": "滕飞",
        "position_en": "Department of Petrochemical Industry, Department of Industrial Development",
        "position_zh_hans": "",
        "organisation_en": "National Development and Reform Commission (NDRC)",
        "organisation_zh_hans": "国家发展和改革委员会",
    },
    "li-shousheng": {
        "name_en": "Li Shousheng",
        "name_zh_hans": "李寿生",
        "position_en": "President",
        "position_zh_hans": "会长",
        "organisation_en": "China Petroleum and Chemical Industry Federation",
        "organisation_zh_hans": "中国石油和化学工业联合会",
        "bio": "Leads the national federation of the petroleum and chemical industries.",
    },
    "xu-jian": {
        "name_en": "Xu Jian",
        "name_zh_hans": "徐坚",
        "position_en": "Deputy Director, Strategic Planning Committee",
        "position_zh_hans": "",
        "organisation_en": "Institute of Chemistry, Chinese Academy of Sciences",
        "organisation_zh_hans": "中国科学院化学研究所",
    },
}

ARTICLE = {
    "slug": "five-key-works-new-chemical-materials",
    "title": "Five key works for China's new chemical materials industry",
    "standfirst": (
        "At a July symposium, regulators, the industry federation and the Academy of Sciences agreed "
        "the sector has grown fast but still depends on others for critical technology."
    ),
    "published_at": datetime.datetime(2019, 7, 8, 9, 0, tzinfo=UTC),
    "tags": [
        "new chemical materials",
        "化工新材料",
        "innovation",
        "high-quality development",
        "silicon-based materials",
    ],
    "body": """\
The symposium on development strategies for China's new chemical materials industry, held on
5 July, brought a consistent message from every speaker: the sector is bigger and more capable
than it was, yet it has to move faster on innovation if it is to grow on quality rather than volume.

## Progress, with gaps

Speaking for the National Development and Reform Commission, **Teng Fei** said the industry's
ability to innovate on its own, to turn research into products and to apply new technology all
needed to improve. Transforming the industry, in his account, is now a pressing task.

**Li Shousheng**, president of the China Petroleum and Chemical Industry Federation, listed what has
gone well: advances in a run of key technologies, steady growth in output, strong industrial
clusters and fast-growing leading firms. He was just as direct about the weaknesses:

- too little supply of many high-end products;
- key supporting raw materials not yet produced at industrial scale;
- core technology that others control;
- a small, fragmented market and an innovation system still short of what is needed;
- overcapacity in some product lines.

## Five priorities

Li set out five areas of work for the next stage, from closing gaps that strategic industries
depend on to preparing the sector's plan for the *14th Five-Year Plan* period. They are listed
in full below.

## "Neck-stuck" materials

**Xu Jian** of the Institute of Chemistry at the Chinese Academy of Sciences argued that trade
friction with the United States had served as a warning. He named the materials where supply can
be choked off — silicon and silicon-based materials, high-end photoresist and packaging materials
for high-power semiconductors — and called for data-driven assessment of where the industry should
head, with research partnerships judged on their economic return.
""",
}

QUOTES = [
    ("teng-fei", "Industrial transformation and home-grown innovation are now urgent needs if this "
     "industry is to develop on quality.", ["innovation"]),
    ("li-shousheng", "We have made real progress on key technologies, but many high-end products are "
     "still in short supply.", ["new chemical materials", "供给短板"]),
    ("li-shousheng", "Our core technology is still controlled by others; that is the gap we have to close.",
     ["core technology", "卡脖子技术"]),
    ("xu-jian", "The trade dispute was an alarm bell: silicon-based materials and high-end photoresist "
     "are where we are most exposed.", ["photoresist", "光刻胶", "硅基材料", "semiconductor packaging"]),
]  # fmt: skip

PRIORITIES = [
    ("Close the gaps strategic industries depend on",
     "Win through on the technologies that new energy vehicles, rail transit, aerospace and defence "
     "cannot do without, starting with those where supply can be cut off.",
     ["卡脖子技术", "new energy vehicles"]),
    ("Take the lead at the international frontier",
     "Deploy early in frontier fields to gain first-mover advantage, and build original core "
     "technologies with the industry's own intellectual property.", ["innovation", "intellectual property"]),
    ("Build high-level innovation platforms",
     "Use domestic and international resources to create national and industry-level innovation "
     "centres, and move research into production faster.", ["innovation centres", "创新平台"]),
    ("Reform how science and technology are organised",
     "Create conditions in which innovation pays: listen to companies and research institutes, and "
     "free researchers and firms from institutional barriers.", ["reform"]),
    ("Prepare the 14th Five-Year Plan for new chemical materials",
     "Study the industry's present state, its problems and its options in depth as the basis for "
     "the sector's next five-year plan.", ["14th Five-Year Plan", "十四五规划"]),
]  # fmt: skip

# The Chinese version of ARTICLE, linked to it as its translation.
CHINESE_ARTICLE = {
    "slug": "化工新材料产业座谈会要点",
    "title": "化工新材料产业座谈会要点",
    "language": Article.Language.CHINESE,
    "standfirst": "座谈会聚焦补短板、抢占前沿技术和创新平台建设。",
    "published_at": datetime.datetime(2019, 7, 9, 9, 0, tzinfo=UTC),
    "tags": ["化工新材料", "光刻胶", "十四五规划", "硅基材料"],
    "body": """\
7月5日的座谈会上，与会专家认为，我国化工新材料产业规模持续扩大，但高端产品供给仍然不足，部分核心技术受制于人。

## 进步与差距

**滕飞**代表国家发展和改革委员会发言，认为行业在自主创新、成果转化和技术应用方面都还有提升空间，推动产业转型已是当务之急。

**李寿生**会长肯定了行业取得的成绩：一批关键技术取得进展，产量稳步增长，产业集聚效应明显，龙头企业快速成长。他也直言存在的不足：高端产品供给偏少，关键配套原料尚未实现规模化生产，核心技术掌握在别人手中，市场小而分散。

## 五项重点工作

李寿生提出了下一阶段的五项工作，从攻克战略产业所依赖的短板技术，到为“十四五”时期的行业规划做好准备，全文列于下方。

## “卡脖子”材料

中国科学院化学研究所的**徐坚**认为，中美贸易摩擦是一次警示。他点出了供应最容易被卡住的材料：硅及硅基材料、高端光刻胶和功率半导体封装材料，并建议用数据来判断产业方向，以经济回报衡量科研合作的成效。
""",
}

CHINESE_QUOTES = [
    ("teng-fei", "行业要在质量上发展，产业转型和自主创新都已刻不容缓。", ["创新"]),
    ("li-shousheng", "关键技术进展不小，但不少高端产品依然供不应求。", ["化工新材料", "供给短板"]),
    ("li-shousheng", "核心技术仍受制于人，这正是我们必须补上的短板。", ["卡脖子技术"]),
    ("xu-jian", "贸易摩擦敲响了警钟：硅基材料和高端光刻胶是我们最薄弱的环节。", ["光刻胶", "硅基材料"]),
]  # fmt: skip

CHINESE_PRIORITIES = [
    ("攻克战略产业依赖的短板技术",
     "围绕新能源汽车、轨道交通、航空航天和国防等领域的需求，先从可能断供的技术入手。", ["卡脖子技术"]),
    ("抢占国际前沿技术", "在前沿领域提前布局，争取先发优势，形成拥有自主知识产权的原创核心技术。", ["创新"]),
    ("建设高水平创新平台", "统筹国内外创新资源，培育国家级和行业级创新中心，加快科研成果产业化。", ["创新平台"]),
    ("改革科技组织方式", "让创新有回报：倾听企业和科研院所的意见，为科研人员和企业破除体制障碍。", ["改革"]),
    ("编制化工新材料“十四五”规划", "深入研究行业现状、问题和发展路径，作为下一个五年规划的基础。", ["十四五规划"]),
]  # fmt: skip

# Tags naming one topic, in English and Chinese: (English name, Chinese name, its tags, the canonical one first).
TOPICS = [
    ("photoresist", "光刻胶", ["photoresist", "光刻胶"]),
    ("silicon-based materials", "硅基材料", ["silicon-based materials", "硅基材料"]),
    ("new chemical materials", "化工新材料", ["new chemical materials", "化工新材料"]),
    ("14th Five-Year Plan", "十四五规划", ["14th Five-Year Plan", "十四五规划"]),
    ("innovation centres", "创新平台", ["innovation centres", "创新平台"]),
    ("innovation", "创新", ["innovation", "创新"]),
    ("reform", "改革", ["reform", "改革"]),
]


@transaction.atomic
def load_demo():
    """Create or refresh the demo symposium; running it again changes nothing."""
    event, _ = Event.objects.update_or_create(slug=EVENT["slug"], defaults=EVENT)
    speakers = {
        slug: Speaker.objects.update_or_create(slug=slug, defaults=fields)[0] for slug, fields in SPEAKERS.items()
    }
    article = _article(ARTICLE, event)
    _parts(article, speakers, QUOTES, PRIORITIES)
    translation = _article(CHINESE_ARTICLE, event)
    _parts(translation, speakers, CHINESE_QUOTES, CHINESE_PRIORITIES)
    if translation.translation_group_id is None or translation.translation_group_id != article.translation_group_id:
        link_translations(article, translation)
    for name_en, name_zh_hans, tag_names in TOPICS:
        _topic(name_en, name_zh_hans, [Tag.objects.get(name=name) for name in tag_names])


def _parts(article, speakers, quotes, priorities):
    for position, (speaker_slug, text, tags) in enumerate(quotes, start=1):
        quote, _ = Quote.objects.update_or_create(
            article=article, position=position, defaults={"speaker": speakers[speaker_slug], "text": text}
        )
        quote.tags.set(tags)
    for number, (title, description, tags) in enumerate(priorities, start=1):
        priority, _ = Priority.objects.update_or_create(
            article=article,
            number=number,
            defaults={"title": title, "description": description, "speaker": speakers["li-shousheng"]},
        )
        priority.tags.set(tags)


def _topic(name_en, name_zh_hans, tags):
    canonical, *_ = tags
    link = TopicTag.objects.filter(tag=canonical).select_related("topic").first()
    topic = link.topic if link else TagTopic()
    fields = {"name_en": name_en, "name_zh_hans": name_zh_hans, "canonical": canonical}
    if topic.pk is None or any(getattr(topic, key) != value for key, value in fields.items()):
        for key, value in fields.items():
            setattr(topic, key, value)
        topic.save()
    for tag in tags:
        TopicTag.objects.update_or_create(tag=tag, defaults={"topic": topic})


def _article(data, event):
    fields = {key: value for key, value in data.items() if key not in {"slug", "tags"}}
    article, created = Article.objects.get_or_create(
        slug=data["slug"], defaults={**fields, "event": event, "status": Article.Status.PUBLISHED}
    )
    if not created:
        changed = {key: value for key, value in fields.items() if getattr(article, key) != value}
        if changed:
            Article.objects.filter(pk=article.pk).update(**changed)
            article.refresh_from_db()
    article.tags.set(data["tags"])
    return article
