"""Hybrid search on the sample notes: modes, grouping, filters, snippets, bad queries."""

import pytest

from graph.search import MAX_K, W_DEFINE, W_HOW_IT_WORKS, Searcher, SearchError, snippet
from graph.store import load_build
from graph.text import mark_terms, tokenize


@pytest.fixture(scope="module")
def searcher(sample_build):
    return Searcher(load_build(sample_build))


def test_paraphrase_finds_the_right_note(searcher):
    hits = searcher.search("how does my function read from a queue?", k=3)
    assert any(h.title == "Event source mapping" for h in hits)


def test_exact_names_rank_first_with_bm25(searcher):
    hits = searcher.search("X-Forwarded-For", k=3, mode="bm25")
    assert hits[0].title == "Application Load Balancer"


def test_everyday_words_reach_a_service(searcher):
    # No sample note says "paas": the catalog's everyday words for Elastic Beanstalk do.
    scores = searcher.bm25_scores("paas")
    top = searcher.build.chunks[max(scores, key=scores.get)]
    assert "Elastic Beanstalk" in top.services and "paas" not in top.text.lower()


def test_named_services_lift_their_concepts(searcher):
    prior = searcher.service_prior("does sqs work with lambda")
    about = searcher._about
    best = {searcher.build.chunks[i].concept for i in range(len(prior)) if prior[i] >= 0.75}
    assert best and all(about[c] in {"SQS", "Lambda"} for c in best)
    assert searcher.service_prior("a question naming nothing") is None


def test_the_model_is_told_which_services_everyday_words_mean(searcher, monkeypatch):
    assert searcher.dense_question("put a cdn in front of my bucket") == (
        "CloudFront, S3: put a cdn in front of my bucket"
    )
    # A question that names a service says enough; one with no such words is left alone.
    assert searcher.dense_question("does sqs work with lambda") == "does sqs work with lambda"
    assert searcher.dense_question("explicit deny beats allow") == "explicit deny beats allow"
    read = []
    dense = searcher._dense
    monkeypatch.setattr(searcher, "_dense", lambda q, n: read.append(q) or dense(q, n))
    searcher.search("how does my function read from a queue?", k=1)
    searcher.search("how does my function read from a queue?", k=1, mode="dense")
    assert read == [
        "Lambda, SQS: how does my function read from a queue?",
        "how does my function read from a queue?",  # dense alone stays plain
    ]


def test_everyday_words_lift_their_services_less_than_names(searcher):
    # "queue" names no service but is a student's word for SQS.
    implied = searcher.service_prior("how does my job read from a queue")
    about = searcher._about
    top = {searcher.build.chunks[i].concept for i in range(len(implied)) if implied[i] >= 0.75}
    assert top and all(about[c] == "SQS" for c in top)
    # Naming Lambda and implying SQS: both lift their concepts, the named one more.
    mixed = searcher.service_prior("how does lambda read from a queue")
    chunks = searcher.build.chunks
    lifted: dict = {}
    for i, chunk in enumerate(chunks):
        key = about.get(chunk.concept)
        lifted[key] = max(lifted.get(key, 0.0), float(mixed[i]))
    assert lifted["Lambda"] > lifted["SQS"] > lifted.get("IAM", 0.0)


def test_modes_all_answer_and_hybrid_merges_both(searcher):
    q = "expire items automatically after a timestamp"
    for mode in ("dense", "bm25", "hybrid"):
        assert searcher.search(q, k=5, mode=mode)
    assert searcher.search(q, k=1)[0].title == "TTL"


def test_one_concept_does_not_fill_the_page(searcher):
    hits = searcher.search("dynamodb", k=10)
    concepts = [h.concept for h in hits]
    assert len(concepts) == len(set(concepts))
    ungrouped = searcher.search("dynamodb", k=10, group=False)
    assert len(ungrouped) == 10


def test_filters_narrow_results(searcher):
    hits = searcher.search("encryption", k=10, service="s3")
    assert hits and all("S3" in h.services for h in hits)
    hits = searcher.search("encryption", k=10, section="KMS")
    assert hits and all(h.section == "KMS" for h in hits)


def test_every_hit_has_provenance(searcher):
    for hit in searcher.search("load balancer health checks", k=5):
        assert hit.source.startswith("data/sample-notes/")
        assert 1 <= hit.line_start <= hit.line_end


def test_camel_case_names_give_their_parts():
    assert tokenize("ChangeSets") == ["changeset", "chang", "set"]
    # Mixed case with digits is a name, not a compound.
    assert tokenize("IPv4 EC2") == ["ipv4", "ec2"]
    assert mark_terms("use ChangeSets", set(tokenize("change sets"))) == "use **ChangeSets**"


def test_camel_case_parts_reach_the_note(searcher):
    hits = searcher.search("elasti cache", k=1, mode="bm25")
    assert "ElastiCache" in hits[0].title


def test_a_typo_still_finds_its_term(searcher):
    hits = searcher.search("lamda memory", k=1, mode="bm25")
    assert "Lambda" in hits[0].services
    assert "**Lambda**" in hits[0].snippet  # the snippet shows the word the typo was taken for
    # A word the notes never use is not bent into one they do.
    assert searcher.bm25_scores("kafka") == {}


def test_snippet_marks_query_terms_on_the_matching_line():
    text = "first line about nothing\nqueues keep messages\nlast line"
    assert (
        snippet(text, "queue messages")
        == "first line about nothing … **queues** keep **messages** … last line"
    )
    assert snippet("", "x") == ""


@pytest.mark.parametrize("query", ["", "   ", "?!.,", None])
def test_queries_without_words_are_refused(searcher, query):
    with pytest.raises(SearchError):
        searcher.search(query)


def test_k_and_long_queries_are_clamped(searcher):
    assert len(searcher.search("queue", k=0)) == 1
    assert len(searcher.search("queue", k=10**6)) <= MAX_K
    assert searcher.search("queue " * 5000, k=1)
    with pytest.raises(SearchError, match="unknown mode"):
        searcher.search("queue", mode="magic")


def test_a_comparison_question_lifts_the_slides_that_compare_what_it_names(searcher, monkeypatch):
    import graph.search as search_module

    def scores(query):
        return {h.title: h.score for h in searcher.search(query, k=20, group=False)}

    weight = search_module.W_COMPARISON
    asked = ("difference between kinesis and sqs", "kinesis vs sqs")
    unasked = "kinesis and sqs ordering"
    lifted, plain = [scores(q) for q in asked], scores(unasked)
    monkeypatch.setattr(search_module, "W_COMPARISON", 0.0)
    for question, after in zip(asked, lifted, strict=True):
        before = scores(question)
        # Only the slide that compares what the question names moves, by the weight: the
        # other "vs" slides share the word "vs" with the question, not what they compare.
        moved = {t for t in before if after.get(t) != pytest.approx(before[t])}
        assert moved == {"Kinesis vs SQS"}, (question, moved)
        assert after["Kinesis vs SQS"] - before["Kinesis vs SQS"] == pytest.approx(weight)
    # A question that asks for no comparison lifts nothing.
    assert scores(unasked) == plain


def test_a_question_naming_two_related_services_lifts_the_statements_relating_them(
    searcher, monkeypatch
):
    import graph.search as search_module

    def scores(query):
        return {h.title: h.score for h in searcher.search(query, k=30, group=False)}

    weight = search_module.W_RELATED
    asked = "how does lambda read messages from sqs"
    lifted, one_service = scores(asked), scores("how does lambda read messages")
    monkeypatch.setattr(search_module, "W_RELATED", 0.0)
    before = scores(asked)
    # The note stating "Lambda polls SQS" (the event source mapping) moves, by the weight;
    # nothing else does.
    moved = {t for t in before if lifted.get(t) != pytest.approx(before[t])}
    assert moved == {"Event source mapping"}, moved
    assert lifted["Event source mapping"] - before["Event source mapping"] == pytest.approx(weight)
    # One service named: nothing to relate, nothing lifted.
    assert scores("how does lambda read messages") == one_service


def test_a_question_asking_what_a_service_is_finds_where_it_is_introduced(searcher):
    # Without the lift, "S3 event notifications" comes first for "what is s3".
    hits = searcher.search("what is s3", k=3)
    assert (hits[0].title, hits[0].source.split("/")[-1]) == ("S3 essentials", "06-s3.md")
    # Notes with a heading per service: the first slide under it introduces the service.
    assert searcher.search("explain CloudFront", k=1)[0].title == "A CDN for your content"
    assert searcher.defined("what does SNS do") == ["SNS"]
    assert searcher.defined("What is AWS Lambda?") == ["Lambda"]


@pytest.mark.parametrize(
    "question",
    [
        "what is the visibility timeout of sqs",  # asks about the timeout, not SQS
        "what is the difference between sqs and sns",  # a comparison
        "what is a queue",  # names no service
        "how do I use sqs",  # asks how, not what
    ],
)
def test_other_questions_are_not_taken_for_definitions(searcher, question):
    assert searcher.defined(question) == []


def test_a_question_asking_how_a_service_works_leans_to_its_introduction(searcher):
    # Without the lift, "Application Load Balancer" comes first for "how does ECS work".
    assert searcher.search("how does ECS work", k=1)[0].title == "ECS"
    assert searcher.explained("how does SQS work") == (["SQS"], W_HOW_IT_WORKS)
    assert searcher.explained("what is sqs") == (["SQS"], W_DEFINE)
    # Asking how a feature of the service works is a question about the feature.
    assert searcher.explained("how does sqs long polling work") == ([], 0.0)
