"""Synthetic content for benchmarks: realistic in shape, English and Chinese."""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from articles.markdown import render_markdown
from articles.models import Article, Event, Quote, Speaker, TaggedArticle, TaggedQuote
from priorities.models import Priority, TaggedPriority

BATCH = 1000

EN_WORDS = """
materials industry innovation photoresist silicon semiconductor packaging polymer
catalyst capacity supply chain technology research development enterprise federation
strategy policy market demand high-end breakthrough platform reform investment energy
vehicles aerospace rail transit defence graphene fibre composite membrane resin coating
adhesive electrolyte battery lithium hydrogen quality growth upgrade cluster standards
export import pricing plant output efficiency carbon emissions recycling safety talent
laboratory university partnership commercialisation patent
""".split()
ZH_PHRASES = """
化工新材料 高端产品 光刻胶 硅基材料 半导体封装 创新平台 核心技术 产业集聚 龙头企业 补短板
高质量发展 十四五规划 新能源汽车 轨道交通 航空航天 自主创新 成果转化
体制机制 科研院所 产业升级 市场需求 供给不足 关键材料 前沿技术 知识产权 人才培养 绿色低碳 循环经济 安全生产 标准体系
""".split()
ZH_JOINERS = ["，", "和", "的", "是", "与", "在", "。"]
EN_TAGS = [
    "photoresist", "silicon", "semiconductors", "polymers", "innovation", "policy", "batteries", "hydrogen",
    "graphene", "composites", "catalysts", "trade", "investment", "standards", "talent", "carbon",
]  # fmt: skip
ZH_TAGS = ["光刻胶", "硅基材料", "化工新材料", "十四五规划", "创新平台", "新能源汽车", "半导体", "知识产权"]


class Writer:
    def __init__(self, seed):
        self.random = random.Random(seed)

    def english(self, words):
        text = " ".join(self.random.choice(EN_WORDS) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def chinese(self, phrases):
        parts = []
        for _ in range(phrases):
            parts += [self.random.choice(ZH_PHRASES), self.random.choice(ZH_JOINERS)]
        return "".join(parts[:-1]) + "。"

    def text(self, chinese, size):
        return self.chinese(size // 3) if chinese else self.english(size)

    def paragraphs(self, chinese, count, size):
        return "\n\n".join(self.text(chinese, size) for _ in range(count))


@transaction.atomic
def generate(*, articles, seed=1):
    """Create `articles` articles with quotes, priorities, speakers, events and tags."""
    writer, rng = Writer(seed), random.Random(seed)
    start = Article.objects.count()
    tags = _tags()
    events = Event.objects.bulk_create(
        Event(name=f"Synthetic forum {start + n}", slug=f"synthetic-forum-{start + n}",
              start_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=n % 3650))
        for n in range(max(1, articles // 50))
    )  # fmt: skip
    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Speaker {start + n}", slug=f"synthetic-speaker-{start + n}", position="Director",
                organisation=writer.english(3))
        for n in range(max(5, articles // 50))
    )  # fmt: skip
    now = timezone.now()
    for batch_start in range(0, articles, BATCH):
        size = min(BATCH, articles - batch_start)
        batch = [_article(writer, rng, start + batch_start + i, now, events) for i in range(size)]
        batch = Article.objects.bulk_create(batch)
        _children(writer, rng, batch, speakers, tags)


def _tags():
    names = EN_TAGS + ZH_TAGS
    existing = {tag.name for tag in Tag.objects.filter(name__in=names)}
    Tag.objects.bulk_create(Tag(name=name, slug=name) for name in names if name not in existing)
    return list(Tag.objects.filter(name__in=names))


def _article(writer, rng, n, now, events):
    chinese = rng.random() < 0.35
    roll = rng.random()
    status = Article.Status.DRAFT if roll < 0.05 else Article.Status.PUBLISHED
    offset = datetime.timedelta(days=3) if roll > 0.95 else -datetime.timedelta(minutes=n)
    body = writer.paragraphs(chinese, 4, 30)
    return Article(
        title=writer.text(chinese, 8).rstrip("。."),
        slug=f"synthetic-article-{n}",
        language=Article.Language.CHINESE if chinese else Article.Language.ENGLISH,
        standfirst=writer.text(chinese, 25),
        body=body,
        body_html=render_markdown(body),  # bulk_create skips save(), which renders it
        status=status,
        published_at=now + offset if status == Article.Status.PUBLISHED else None,
        event=rng.choice(events),
    )


def _children(writer, rng, articles, speakers, tags):
    quotes, priorities = [], []
    for article in articles:
        chinese = article.language == Article.Language.CHINESE
        for position in range(rng.randint(1, 4)):
            quotes.append(Quote(article=article, speaker=rng.choice(speakers), text=writer.text(chinese, 20),
                                position=position))  # fmt: skip
        for number in range(1, rng.randint(2, 5) + 1):
            priorities.append(Priority(article=article, number=number, title=writer.text(chinese, 6).rstrip("。."),
                                       slug=f"synthetic-priority-{article.pk}-{number}",
                                       description=writer.text(chinese, 20)))  # fmt: skip
    quotes = Quote.objects.bulk_create(quotes)
    priorities = Priority.objects.bulk_create(priorities)
    for through, items in ((TaggedArticle, articles), (TaggedQuote, quotes), (TaggedPriority, priorities)):
        through.objects.bulk_create(
            through(content_object=item, tag=tag) for item in items for tag in rng.sample(tags, rng.randint(1, 3))
        )
