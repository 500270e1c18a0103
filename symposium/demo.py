"""Demo content: one symposium on new chemical materials, written for this site.

The facts (names, roles, date, the five priorities) come from public
reporting of the event; the wording is our own.
"""

import datetime

from django.db import transaction
from taggit.models import Tag

from articles.models import Article, Event, Quote, Speaker
from priorities.models import Priority
from symposium.models import TagTopic, TopicTag

UTC = datetime.UTC

EVENT = {
    "slug": "new-chemical-materials-strategy-symposium-2019",
    "name": "Symposium on Development Strategies of New Chemical Materials Industry in China",
    "start_date": datetime.date(2019, 7, 5),
    "summary": (
        "Officials, industry leaders and researchers met to weigh how China's new chemical "
        "materials sector can close its technology gaps and move towards higher-quality growth."
    ),
}

SPEAKERS = {
    "teng-fei": {
        "name": "Teng Fei",
        "position": "Department of Petrochemical Industry, Department of Industrial Development",
        "organisation": "National Development and Reform Commission (NDRC)",
    },
    "li-shousheng": {
        "name": "Li Shousheng",
        "position": "President",
        "organisation": "China Petroleum and Chemical Industry Federation",
        "bio": "Leads the national federation of the petroleum and chemical industries.",
    },
    "xu-jian": {
        "name": "Xu Jian",
        "position": "Deputy Director, Strategic Planning Committee",
        "organisation": "Institute of Chemistry, Chinese Academy of Sciences",
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

CHINESE_ARTICLE = {
    "slug": "化工新材料产业座谈会要点",
    "title": "化工新材料产业座谈会要点",
    "language": Article.Language.CHINESE,
    "standfirst": "座谈会聚焦补短板、抢占前沿技术和创新平台建设。",
    "published_at": datetime.datetime(2019, 7, 9, 9, 0, tzinfo=UTC),
    "tags": ["化工新材料", "光刻胶", "十四五规划", "硅基材料"],
    "body": """\
7月5日的座谈会上，与会专家认为，我国化工新材料产业规模持续扩大，但高端产品供给仍然不足，部分核心技术受制于人。

专家建议，行业应围绕国家重大需求攻克一批补短板技术，加快布局前沿领域，建设高水平创新平台，并认真做好“十四五”规划的前期研究。硅基材料、高端光刻胶和功率半导体封装材料被列为需要重点突破的方向。
""",
}

# Tags naming one topic, in English and Chinese: (English name, Chinese name, its tags, the canonical one first).
TOPICS = [
    ("photoresist", "光刻胶", ["photoresist", "光刻胶"]),
    ("silicon-based materials", "硅基材料", ["silicon-based materials", "硅基材料"]),
    ("new chemical materials", "化工新材料", ["new chemical materials", "化工新材料"]),
    ("14th Five-Year Plan", "十四五规划", ["14th Five-Year Plan", "十四五规划"]),
    ("innovation centres", "创新平台", ["innovation centres", "创新平台"]),
]


@transaction.atomic
def load_demo():
    """Create or refresh the demo symposium; running it again changes nothing."""
    event, _ = Event.objects.update_or_create(slug=EVENT["slug"], defaults=EVENT)
    speakers = {
        slug: Speaker.objects.update_or_create(slug=slug, defaults=fields)[0] for slug, fields in SPEAKERS.items()
    }
    article = _article(ARTICLE, event)
    for position, (speaker_slug, text, tags) in enumerate(QUOTES, start=1):
        quote, _ = Quote.objects.update_or_create(
            article=article, position=position, defaults={"speaker": speakers[speaker_slug], "text": text}
        )
        quote.tags.set(tags)
    for number, (title, description, tags) in enumerate(PRIORITIES, start=1):
        priority, _ = Priority.objects.update_or_create(
            article=article,
            number=number,
            defaults={"title": title, "description": description, "speaker": speakers["li-shousheng"]},
        )
        priority.tags.set(tags)
    _article(CHINESE_ARTICLE, event)
    for name_en, name_zh_hans, tag_names in TOPICS:
        _topic(name_en, name_zh_hans, [Tag.objects.get(name=name) for name in tag_names])


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
