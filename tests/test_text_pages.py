"""Whole pages as a naive "copy all text" gives them (one line per text block, no
blank lines), written for the test: where the body starts and ends, and which
line is the title, on pages laid out unlike the samples."""

from __future__ import annotations

from store.text import Article, lines, parse_article
from store.text.marks import Line, join_wrapped

TITLE = "Harbour ferry service to resume after winter repairs"
PARAGRAPHS = [
    "The harbour ferry will carry passengers again from Monday, the port authority said, "
    "after three months of repairs to its engines and landing stages.",
    "Repairs ran two weeks late because parts for the engines had to be ordered from abroad, "
    "a spokesperson for the port authority told reporters on Friday.",
    "Commuters who drove around the bay during the closure said the trip had doubled their "
    "journey times, and local shops reported fewer visitors at weekends.",
    "Tickets will cost the same as last year, and season passes bought before the closure "
    "will be extended by three months, the authority said in a statement.",
]
MENU = ["Home", "News", "Sport", "Business", "Culture", "Travel", "Weather", "Podcasts"]


def parse(lines: list[str]) -> Article:
    return parse_article("\n".join(lines), "page.txt")


def test_a_banner_sentence_above_the_menus_is_not_where_the_body_starts() -> None:
    banner = "This site is tailored for readers in your region, and you can change it at any time."
    footer = ["About us", "Contact", "© 2024 Example Media Group"]
    article = parse([banner, *MENU, *footer, *MENU, TITLE, "By Sam Reed", *PARAGRAPHS])
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == TITLE


def test_a_teaser_summary_far_below_the_article_is_not_body() -> None:
    teasers = [
        "More from the region",
        *MENU[:4],
        "The council approved a new budget for road repairs on Tuesday evening.",
    ]
    article = parse([*MENU, TITLE, *PARAGRAPHS, *teasers, *MENU[4:]])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_the_title_is_the_headline_over_the_body_not_a_promo_line_further_up() -> None:
    promo = "Download the new app for breaking news alerts"
    meta = ["By Sam Reed", "March 3, 2024", "Share", "Tweet", "Email"]
    article = parse([promo, *MENU, TITLE, *meta, *PARAGRAPHS])
    assert article.title == TITLE


def test_the_headline_shares_words_with_the_lede_a_section_label_does_not() -> None:
    article = parse([*MENU, TITLE, "Transport and local services", "By Sam Reed", *PARAGRAPHS])
    assert article.title == TITLE


def test_a_paragraph_opening_like_a_dateline_deep_in_the_article_does_not_start_it() -> None:
    later = "Document Scanning (OCR): the software reads printed forms and fills in the fields."
    article = parse([*MENU, TITLE, *PARAGRAPHS, later, *PARAGRAPHS[:2]])
    assert article.text.startswith(PARAGRAPHS[0])
    assert article.dateline is None


JAPANESE = [
    "港のフェリーは月曜日から運航を再開すると、港湾局が発表しました。エンジンと桟橋の修理に三か月かかりました。",
    "部品を海外から取り寄せる必要があったため、修理は予定より二週間遅れたと担当者は説明しました。",
    "運休中、湾を迂回して車で通勤した人たちは、通勤時間が二倍になったと話しています。",
]


def test_japanese_paragraphs_are_the_body_under_a_latin_menu() -> None:
    article = parse(
        [*MENU, "Login", "港のフェリー、冬の修理を終えて運航再開へ", "2024年3月3日", *JAPANESE]
    )
    assert article.text.split("\n\n") == JAPANESE
    assert article.title == "港のフェリー、冬の修理を終えて運航再開へ"


def test_a_list_between_paragraphs_stays_in_the_body() -> None:
    steps = [
        f"Step {n}: check the {part}"
        for n, part in enumerate(
            ["hull", "engines", "fuel lines", "lifejackets", "radio", "lights", "ramps", "rails"], 1
        )
    ]
    lines = [*MENU, TITLE, PARAGRAPHS[0], *steps, *PARAGRAPHS[1:], *MENU]
    article = parse(lines)
    assert article.text.split("\n\n") == [PARAGRAPHS[0], *steps, *PARAGRAPHS[1:]]


def test_the_body_starts_after_the_date_under_the_headline_not_at_a_tagline() -> None:
    tagline = "This is the home of our travel blog, which ran from 2009 to 2024 on this site."
    article = parse([*MENU, tagline, TITLE, "March 3, 2024", "By", "Sam Reed", *PARAGRAPHS])
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == TITLE


def test_a_sentence_opening_with_by_is_no_byline() -> None:
    opening = "By the end of this guide, you will know how to book the ferry online:"
    assert lines.line_kind(opening, "latin") is None
    assert lines.line_kind("By Sam Reed", "latin") == lines.BYLINE
    assert lines.line_kind("By", "latin") == lines.BYLINE


def test_a_date_with_an_ordinal_day_is_a_timestamp() -> None:
    assert lines.line_kind("March 3rd, 2021", "latin") == lines.TIMESTAMP


def test_a_headline_repeated_on_the_page_wins_over_a_subheading() -> None:
    sub = "Port authority says harbour ferry work ran over"
    article = parse([TITLE, *MENU, TITLE, sub, "Sam Reed", *PARAGRAPHS])
    assert article.title == TITLE


def test_a_short_sentence_under_the_headline_is_not_the_title() -> None:
    article = parse([*MENU, TITLE, "Harbour ferry repairs done.", "By Sam Reed", *PARAGRAPHS])
    assert article.title == TITLE


TEASERS = [
    "Council approves new budget for road repairs",
    "Bay swimmers warned of strong currents this summer",
    "Lifeguards will patrol three more beaches from June, the council said on Tuesday, after "
    "a busy summer last year in which crews were called out to more than forty swimmers.",
]


def test_related_stories_under_the_article_end_the_body() -> None:
    article = parse([*MENU, TITLE, *PARAGRAPHS, "Related stories", *TEASERS, *MENU])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_related_box_inside_the_article_does_not_end_it() -> None:
    lines = [*MENU, TITLE, PARAGRAPHS[0], "Related", TEASERS[0], *PARAGRAPHS[1:], *MENU]
    article = parse(lines)
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_long_paragraph_ending_in_a_bracketed_slash_is_no_caption() -> None:
    long = " ".join([PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2][:60], "[Part 1 / Part 2]"])
    article = parse([*MENU, TITLE, long, *PARAGRAPHS[3:], *MENU])
    assert long in article.text


def test_paragraphs_under_photo_credits_are_not_captions() -> None:
    credit = "Sam Reed/Port Images"
    lines = [*MENU, TITLE, credit, PARAGRAPHS[0], credit, PARAGRAPHS[1], *PARAGRAPHS[2:]]
    article = parse(lines)
    assert article.text.split("\n\n") == PARAGRAPHS


def test_subheadings_listed_in_a_contents_box_above_stay_in_the_body() -> None:
    heads = ["What changes for commuters", "What it costs"]
    contents = ["Contents", *heads]
    body = [PARAGRAPHS[0], heads[0], PARAGRAPHS[1], PARAGRAPHS[2], heads[1], PARAGRAPHS[3]]
    article = parse([*MENU, TITLE, *contents, *body, *MENU])
    assert article.text.split("\n\n") == body


def test_a_comment_thread_under_the_article_is_not_body() -> None:
    thread = [
        "There are 2 comments",
        "Anna Berg",
        "I took the ferry every day before the closure and I am glad it is finally coming back.",
        "Reply to this",
        "Tom Hale",
        "The repairs took far too long and the port authority should explain why it happened.",
    ]
    article = parse([*MENU, TITLE, *PARAGRAPHS, *thread, *MENU])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_comment_labels_of_many_sites_are_comments() -> None:
    for label in (
        "View comments (14)",
        "Show Comments +",
        "Comments are closed.",
        "Add a new comment",
    ):
        assert lines.line_kind(label, "latin") == lines.COMMENTS, label


def test_the_title_is_the_last_step_of_a_breadcrumb_trail() -> None:
    for trail in (f"Home › Travel › {TITLE}", f"HomeTravelNews{TITLE}"):
        article = parse([*MENU, trail, *MENU[:3], "Sam Reed", "Port reporter", *PARAGRAPHS])
        assert article.title == TITLE, trail


def test_a_byline_with_bars_is_no_breadcrumb() -> None:
    article = parse([*MENU, TITLE, "Sam Reed | Port Desk | Updated: March 3", *PARAGRAPHS])
    assert article.title == TITLE


def test_a_comment_thread_longer_than_the_article_is_not_taken_for_it() -> None:
    comment = (
        "I have taken this ferry for twenty years and the service was never this bad, "
        "and nobody at the port authority ever answers the phone when you call them."
    )
    thread = ["12 comments"]
    for n in range(8):
        thread += [f"Reader {n}", comment.replace("twenty", str(n + 20)), "Reply"]
    article = parse([*MENU, TITLE, *PARAGRAPHS, *MENU * 3, *thread, *MENU])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_the_headline_has_its_byline_and_date_under_it_a_subheading_does_not() -> None:
    meta = ["Sam Reed", "Follow", "March 3, 2024 · 4 min read"]
    article = parse([*MENU, TITLE, *meta, "What changes for the harbour ferry?", *PARAGRAPHS])
    assert article.title == TITLE


def test_a_short_question_under_the_headline_is_its_standfirst_not_the_title() -> None:
    headline = "Ferry back on the water"
    question = "Will the harbour ferry keep to its timetable after the repairs?"
    article = parse([*MENU, headline, question, "By Sam Reed", *PARAGRAPHS])
    assert (article.title, article.subtitle) == (headline, question)


def test_a_headline_taken_into_the_menu_above_the_body_is_the_title() -> None:
    headline = "Harbour Ferry Repairs Finished"
    article = parse(["Ferry passengers guide to the port", *MENU, headline, *PARAGRAPHS])
    assert article.title == headline


def test_a_paragraph_that_opens_with_reader_comments_is_body_not_a_comments_label() -> None:
    about = (
        "Reader comments on the harbour forum were split between relief at the reopening "
        "and anger at how long the repairs had taken."
    )
    article = parse([*MENU, TITLE, *PARAGRAPHS[:2], about, *PARAGRAPHS[2:], "Reader comments"])
    assert article.text.split("\n\n") == [*PARAGRAPHS[:2], about, *PARAGRAPHS[2:]]


def test_the_headline_over_its_byline_and_date_beats_a_subheading_opening_the_body() -> None:
    headline = "Harbour ferry crossing returns this spring"
    meta = ["Sam Reed", "Follow", "March 3, 2024 · 4 min read"]
    article = parse([*MENU, headline, *meta, "Repairs to the engines ran late", *PARAGRAPHS])
    assert article.title == headline


def test_an_author_name_right_over_the_date_is_not_the_title() -> None:
    headline = "Ten tips for a calm crossing this spring"
    article = parse([*MENU, headline, "Port Authority Reporters", "March 3, 2024", *PARAGRAPHS])
    assert article.title == headline


def test_a_worded_label_over_other_headlines_and_their_summaries_ends_the_body() -> None:
    teasers = [
        "Night buses return to the coast road",
        "Drivers say the late service will bring back weekend visitors to the bay.",
        "New cycle lanes open along the river",
        "Tram fares frozen for another year",
        "The city council voted to keep fares at last year's level until next spring.",
    ]
    for label in ("More in Transport", "Related coverage", "Read this next"):
        article = parse([*MENU, TITLE, *PARAGRAPHS, label, *teasers, *MENU[:3]])
        assert article.text.split("\n\n") == PARAGRAPHS, label


def test_a_related_label_in_another_language_ends_the_body() -> None:
    teasers = [
        "Night buses return to the coast road",
        "Drivers say the late service will bring back weekend visitors to the bay.",
        "New cycle lanes open along the river",
        "Tram fares frozen for another year",
    ]
    labels = (
        "Související",
        "Articoli correlati",
        "Lees ook",
        "Czytaj także",
        "Articles similaires",
    )
    for label in labels:
        article = parse([*MENU, TITLE, *PARAGRAPHS, label, *teasers, *MENU[:3]])
        assert article.text.split("\n\n") == PARAGRAPHS, label


def test_a_list_label_is_short_and_no_sentence() -> None:
    assert lines.is_list_header("More from our travel desk")
    assert not lines.is_list_header("More in the harbour than anyone expected.")
    assert not lines.is_list_header("Related stories " + "about the harbour " * 4)


def test_a_paragraph_right_under_a_read_more_label_is_body() -> None:
    more = "The ferry also stops at the island pier on Sundays, the timetable shows."
    article = parse([*MENU, TITLE, *PARAGRAPHS[:2], "Read more", more, *PARAGRAPHS[2:]])
    assert article.text.split("\n\n") == [*PARAGRAPHS[:2], more, *PARAGRAPHS[2:]]


def test_a_block_of_code_inside_the_article_is_body_not_a_menu() -> None:
    code = [
        "def fare(zone: int) -> float {",
        "if (zone > 2) {",
        "return base * 2;",
        "}",
        "return base;",
        "}",
        "print(fare(3))",
    ]
    intro = "The timetable app computes a fare from the number of zones a trip crosses:"
    body = [*PARAGRAPHS[:2], intro, *code, *PARAGRAPHS[2:]]
    article = parse([*MENU, TITLE, *body, *MENU])
    assert article.text.split("\n\n") == body


def test_a_count_in_brackets_is_no_code() -> None:
    for line in ("Reviews (12)", "Ferry news (2024)", "Harbour", "Read more"):
        assert not lines.is_code(line), line
    for line in ("return base;", "});", "// the fare table", "print(fare(3))", "if (a) {"):
        assert lines.is_code(line), line


def test_a_numbered_photo_gallery_under_the_article_is_not_body() -> None:
    gallery = ["Harbour life in pictures"]
    for k in range(1, 6):
        gallery += [
            f"{k}/5 Boats at dawn, picture {k}",
            f"Fishing boats leave the harbour at first light on a calm morning, day {k}.",
            "Photo Desk",
        ]
    article = parse([*MENU, TITLE, *PARAGRAPHS, *gallery, *MENU])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_one_slide_number_is_no_gallery() -> None:
    line = "3/4 of the passengers said the new timetable suited them better than the old one."
    article = parse([*MENU, TITLE, *PARAGRAPHS[:2], line, *PARAGRAPHS[2:]])
    assert line in article.text.split("\n\n")


def test_a_posted_on_line_is_the_post_meta_and_the_question_under_it_the_title() -> None:
    meta = "Posted on March 3, 2024 by Sam Reed - 4 Comments on Is the harbour ferry back for good?"
    headline = "Is the harbour ferry back for good?"
    article = parse([*MENU, "Travel", *MENU, meta, headline, *PARAGRAPHS])
    assert article.title == headline
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_sentence_opening_with_posted_is_no_meta_line() -> None:
    assert lines.line_kind("Posted on March 3, 2024 by Sam Reed", "latin") == lines.BYLINE
    assert lines.line_kind("Posters on every pier announced the new timetable.", "latin") is None


def test_a_table_of_figures_inside_the_article_does_not_cut_the_body() -> None:
    intro = "Passenger numbers by quarter, in thousands, as the port authority reported them:"
    table = ["Quarter", "Passengers", "Q1", "120", "Q2", "135", "Q3", "180", "Q4", "95"]
    later = [p.replace("authority", "council") for p in PARAGRAPHS[:2]]
    body = [*PARAGRAPHS[:2], intro, *table, *later]
    article = parse([*MENU, TITLE, *body, *MENU])
    assert article.text.split("\n\n")[0] == PARAGRAPHS[0]
    assert article.text.split("\n\n")[-1] == later[-1]


def test_a_newsletter_prompt_parts_the_article_from_a_promo_paragraph_under_it() -> None:
    prompt = ["Sign up for our newsletter", "Subscribe to the morning briefing"]
    promo = (
        "Our weekend guide lists the best walks, markets and cafes along the bay, "
        "updated every Friday for readers who plan ahead."
    )
    article = parse([*MENU, TITLE, *PARAGRAPHS, *prompt, promo, *MENU])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_headline_under_a_blog_tagline_at_the_top_of_the_page_is_the_title() -> None:
    tagline = "I write about boats. I take photos. I sail on weekends."
    article = parse([tagline, TITLE, *PARAGRAPHS])
    assert article.title == TITLE
    assert article.text.split("\n\n") == PARAGRAPHS


def test_links_copied_without_spaces_are_no_paragraph() -> None:
    glued = "Ferry TimesBus RoutesTram MapCycle HireParking ZonesHarbour Tours and more"
    article = parse([*MENU, TITLE, *PARAGRAPHS, glued, *MENU])
    assert article.text.split("\n\n") == PARAGRAPHS
    assert lines.line_kind(glued, "latin") == lines.NAVIGATION


def test_names_in_camel_case_are_no_glued_links() -> None:
    for line in (
        "The app now runs on JavaScript, TypeScript and WebAssembly in every browser.",
        "Fix TicketMachineController so that PictureInPictureParent closes",
        'var form = new FormData(document.getElementById("fare-form"));',
    ):
        assert lines.line_kind(line, "latin") != lines.NAVIGATION, line


def test_captions_under_works_of_art_are_not_body() -> None:
    captions = [
        "Ada Marsh, Ferry at Dusk, 1962. Oil on canvas – 61 × 91.5 cm. Courtesy Harbour Gallery.",
        "Tom Reyes, Pier Study, 1998. Gelatin silver print – 40 x 50 cm.",
    ]
    body = [*PARAGRAPHS[:2], *captions, *PARAGRAPHS[2:]]
    article = parse([*MENU, TITLE, *body, *MENU])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_sentence_with_a_courtesy_and_a_year_is_body() -> None:
    line = "As a courtesy to passengers, the 2024 timetable keeps the late sailing on Fridays."
    body = [*PARAGRAPHS[:2], line, *PARAGRAPHS[2:]]
    assert parse([*MENU, TITLE, *body, *MENU]).text.split("\n\n") == body


def test_subheadings_repeated_under_each_item_of_the_article_are_kept() -> None:
    body = [PARAGRAPHS[0]]
    for paragraph in PARAGRAPHS[1:]:
        body += ["Pros", paragraph, "Cons", paragraph.replace("the", "this")]
    article = parse([*MENU, TITLE, *body, *MENU])
    assert article.text.split("\n\n") == body


def test_a_table_of_contents_under_the_headline_is_not_taken_for_it() -> None:
    sections = ["Why the harbour ferry engines needed repairs", "What the ferry passengers pay"]
    contents = ["Sam Reed", "6 min read", "March 3, 2024", "Contents", *sections]
    body = [PARAGRAPHS[0], sections[0], *PARAGRAPHS[1:3], sections[1], PARAGRAPHS[3]]
    article = parse([*MENU, TITLE, *contents, *body, *MENU])
    assert article.title == TITLE


def test_a_headline_ending_in_an_initialism_is_no_sentence() -> None:
    headline = "Harbour ferry repairs run late as engine parts are shipped from the U.K."
    article = parse([*MENU, headline, "By Sam Reed", "March 3, 2024", *PARAGRAPHS])
    assert article.title == headline


def test_a_short_headline_over_a_longer_subtitle_is_the_title() -> None:
    headline = "A harbour crossing comes back"
    subtitle = "Engine repairs kept the ferry in port for months"
    article = parse([*MENU, headline, subtitle, "Sam Reed", "March 3, 2024", *PARAGRAPHS])
    assert (article.title, article.subtitle) == (headline, subtitle)


def test_the_last_step_of_a_breadcrumb_printed_again_under_it_is_the_title() -> None:
    trail = ["Home › Travel guides › Harbour ferry", "Harbour ferry"]
    facts = "Harbour ferry engines: replaced | Repairs: three months"
    article = parse([*MENU, *trail, facts, *PARAGRAPHS])
    assert article.title == "Harbour ferry"


def test_the_headline_over_its_dated_byline_under_a_list_of_dated_teasers() -> None:
    teasers = [
        "Latest news",
        "Night buses return to the coast road",
        "02/03/2024",
        "Tram fares frozen for another year",
        "01/03/2024",
    ]
    byline = "03/03/2024 by Sam Reed, Harbour Reporter"
    article = parse([*MENU, *teasers, TITLE, byline, *PARAGRAPHS])
    assert article.title == TITLE


def test_a_short_headline_over_a_dated_byline_is_not_taken_for_the_authors_name() -> None:
    headline = "Is the ferry back?"
    meta = ["March 3, 2024 by Sam Reed", "Last updated: March 4, 2024"]
    article = parse(
        [*MENU, "Harbour guides and tickets", "Harbour Blog", headline, *meta, *PARAGRAPHS]
    )
    assert article.title == headline


def test_a_dated_teaser_right_above_the_headline_over_its_byline_is_not_the_title() -> None:
    teaser = ["Latest news", "Night buses return to the coast road along the harbour", "02/03/2024"]
    byline = "03/03/2024 by Sam Reed, Harbour Reporter"
    article = parse([*MENU, *teaser, TITLE, byline, *PARAGRAPHS])
    assert article.title == TITLE


def test_teaser_cards_with_summaries_cut_short_under_the_article_are_not_body() -> None:
    cards = [
        "Night buses return to the coast road",
        "The late services along the bay will run every half hour from the spring, and...",
        "Tram fares frozen for another year",
        "Riders on the harbour line will pay the same next year after the council agreed…",
        "A new pier for the island crossing",
        "Work on the pier starts in the summer and should be finished before the next...",
    ]
    article = parse([*MENU, TITLE, "By Sam Reed", *PARAGRAPHS, *cards, *MENU[:3]])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_table_copied_cell_by_cell_inside_the_article_is_kept() -> None:
    table = [
        "Ferry",
        "Seats",
        "Fare",
        "Harbour Star",
        "240",
        "$4.50",
        "Bay Runner",
        "180",
        "$3.75",
        "Island Queen",
        "320",
        "$6.20",
        "Night Swift",
        "90",
        "$5.10",
    ]
    article = parse([*MENU, TITLE, "By Sam Reed", PARAGRAPHS[0], *table, *PARAGRAPHS[1:], *MENU])
    assert article.text.split("\n\n") == [PARAGRAPHS[0], *table, *PARAGRAPHS[1:]]


def test_a_link_aggregators_site_and_comment_count_are_not_part_of_the_title() -> None:
    headline = "Harbour ferry service to resume (harbourtimes.example) 42"
    article = parse([*MENU, headline, "Posted by Sam Reed on March 3, 2024", *PARAGRAPHS])
    assert article.title == "Harbour ferry service to resume"


def test_a_headline_ending_with_an_exclamation_mark_under_the_post_meta_is_the_title() -> None:
    meta = "Posted on March 3, 2024 by Sam Reed"
    headline = "The harbour ferry is back on the water for good!"
    article = parse([*MENU, "Travel", *MENU, meta, headline, *PARAGRAPHS])
    assert article.title == headline
    assert article.text.split("\n\n") == PARAGRAPHS


def test_the_headline_printed_twice_under_a_notice_is_the_title_and_the_body_starts_after() -> None:
    notice = [
        "Story shared with you",
        "A reader sent you this story, and they can choose who else reads it and for how long.",
        "Show me who can read it",
    ]
    headline = "A harbour crossing comes back"
    share = ["Share by text", "Share by post"]
    article = parse([*MENU, *notice, headline, *share, headline, *PARAGRAPHS, *MENU])
    assert article.title == headline
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_bulleted_list_is_the_articles_own_even_where_it_is_all_the_article() -> None:
    items = ["+ New engines", "+ New landing stages", "+ Wider gangways", "+ A heated waiting room"]
    article = parse([*MENU, TITLE, "By Sam Reed", PARAGRAPHS[0], *items, *PARAGRAPHS[1:], *MENU])
    assert article.text.split("\n\n") == [PARAGRAPHS[0], *items, *PARAGRAPHS[1:]]
    notes = [f"• {word} repaired and tested before the first sailing" for word in MENU]
    article = parse([*MENU, "Harbour ferry: what changed", *notes, *MENU[:4]])
    assert article.text.split("\n\n") == notes


def test_a_short_headline_right_over_the_date_that_opens_the_body_is_the_title() -> None:
    blog = ["Sam Reed", "Posts", "RSS", "Contact"]
    page = [*blog, "Winter Crossings", "March 3, 2024", "travel", *PARAGRAPHS, "Sam Reed"]
    assert parse(page).title == "Winter Crossings"


def test_dated_teaser_cards_under_the_article_are_not_body() -> None:
    cards = [
        "Transport",
        "March 1, 2024",
        "Night buses return to the coast road",
        "The late services along the bay will run every half hour from the spring onwards.",
        "Council",
        "February 27, 2024",
        "Tram fares frozen for another year",
        "Riders on the harbour line will pay the same next year after the council agreed.",
    ]
    article = parse([*MENU, TITLE, "By Sam Reed", *PARAGRAPHS, *cards, *MENU[:3]])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_the_dated_entries_of_a_live_report_stay_in_the_body() -> None:
    entries = [
        "March 3, 2024 09:10",
        "First sailing leaves on time",
        PARAGRAPHS[1],
        PARAGRAPHS[2],
        "March 3, 2024 11:45",
        "Queues at the landing stage",
        PARAGRAPHS[3],
        PARAGRAPHS[0],
        "March 3, 2024 14:20",
        "Last sailing of the day is full",
        PARAGRAPHS[2],
        PARAGRAPHS[1],
        "March 3, 2024 18:05",
        "The harbour closes for the night",
        PARAGRAPHS[0],
        PARAGRAPHS[3],
    ]
    article = parse([*MENU, TITLE, "By Sam Reed", *PARAGRAPHS, *entries, *MENU[:3]])
    assert article.text.split("\n\n")[-2:] == [PARAGRAPHS[0], PARAGRAPHS[3]]


def test_teaser_cards_under_section_labels_that_recur_are_not_body() -> None:
    cards = [
        "Transport",
        "Night buses return to the coast road",
        "The late services along the bay will run every half hour from the spring onwards.",
        "Council",
        "Tram fares frozen for another year",
        "Riders on the harbour line will pay the same next year after the council agreed.",
        "Transport",
        "A new pier for the island crossing",
        "Work on the pier starts in the summer and should be finished before the autumn.",
        "Council",
        "Harbour car park to close for resurfacing",
        "Drivers are asked to use the park and ride for the three weeks the work will take.",
    ]
    article = parse([*MENU, TITLE, "By Sam Reed", *PARAGRAPHS, *cards, *MENU[:3]])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_notice_about_the_readers_browser_is_not_where_the_body_starts() -> None:
    notice = (
        "It looks like you are browsing with Internet Explorer 10 or older, which this site "
        "does not support any longer. Please switch to a newer browser to see every page "
        "as it should look."
    )
    article = parse([*MENU, notice, "Close", TITLE, *PARAGRAPHS])
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == TITLE
    assert any(r.reason == lines.PROMO for r in article.removed if r.text == notice)


def test_a_paywall_ends_the_body_and_the_offer_under_it_goes() -> None:
    offer = [
        "Subscribe to keep reading and find out:",
        "How the timetable will change in summer",
        "Why the new landing stage cost twice as much",
        "Start your free trial",
        "Members get every story from the harbour desk, a weekly digest of the best of it, "
        "and early access to our events.",
    ]
    article = parse([*MENU, TITLE, *PARAGRAPHS, *offer, *MENU[:3]])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_an_about_the_author_label_ends_the_body_and_the_bio_under_it_goes() -> None:
    bio = [
        "About the author",
        "Sam Reed grew up by the harbour and has sailed the bay for twenty years, writing "
        "about boats and the people who mend them.",
    ]
    article = parse([*MENU, TITLE, *PARAGRAPHS, *bio, *MENU[:3]])
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_headline_about_a_newsletter_is_the_title_an_offer_of_one_is_junk() -> None:
    headline = "The harbour weekly newsletter turns ten this spring"
    offers = ["Get our free newsletter", "Newsletter sign-up", "Newsletters"]
    meta = ["Sam Reed", "March 3, 2024"]
    article = parse(["Subscribe", "Sign in", headline, *meta, *offers, *PARAGRAPHS, *offers])
    assert article.title == headline
    assert article.text.split("\n\n") == PARAGRAPHS


TOWNS = ["Bayside", "Northport", "Eastwick", "Millharbour", "Kesterby", "Southwold", "Ashby"]


def test_a_date_field_of_every_entry_of_a_list_article_is_not_the_page_date() -> None:
    headline = "Seven harbour festivals to visit this summer"
    intro = [
        "Summer on the coast brings music, food and boats to every harbour town, and these "
        "seven festivals are the ones our readers asked about most often this year.",
        "Each entry gives the dates, the place and what a ticket costs, so that you can plan "
        "a trip around one festival or fit two of them into a long weekend.",
    ]
    entries = [
        line
        for n, town in enumerate(TOWNS)
        for line in (
            f"{n + 1}. {town} Harbour Festival",
            f"Date: June {n + 3}-{n + 5}, 2026",
            f"Location: {town}, on the quay",
            f"Boats, music and food stalls fill the {town} quay for three days, and the "
            "evening concerts are free for everyone who comes by ferry. Local bakers sell "
            "their bread at the harbour wall, and the lifeboat crew shows visitors around.",
        )
    ]
    article = parse([*MENU, "March 3, 2024", headline, *intro, *entries, *MENU])
    assert article.title == headline
    assert article.text.startswith(intro[0])


WRAPPED = [
    "The harbour ferry will carry passengers again from Monday, the port",
    "authority said, after three months of repairs to its engines and to",
    "the landing stages, which had been damaged by the storms of the last",
    "winter and closed the crossing to all traffic since early December.",
]


def test_a_paragraph_wrapped_by_hand_on_a_page_without_blank_lines_is_one_paragraph() -> None:
    article = parse([*MENU, TITLE, "By Sam Reed", *WRAPPED, *PARAGRAPHS[1:], *MENU])
    assert article.text.split("\n\n") == [" ".join(WRAPPED), *PARAGRAPHS[1:]]


def test_lines_in_lower_case_that_are_no_wrapped_paragraph_stay_apart() -> None:
    tags = ["ferries and harbours", "local transport", "winter storms"]
    article = parse([*MENU, TITLE, *tags, "By Sam Reed", *PARAGRAPHS, *MENU])
    assert article.title == TITLE
    items = [
        "ferry: Add a late crossing on Fridays during the summer season months",
        "ferry: Fix the timetable printed at the landing stage on the quay side",
        "ferry: Move the ticket office to the harbour master's building by May",
        "https://example.org/ferry/timetable/summer-2024/late-crossings.pdf",
    ]
    rows = [Line(n, text) for n, text in enumerate([TITLE, *items, *WRAPPED])]
    assert [row.text for row in join_wrapped(rows, 3)] == [TITLE, *items, " ".join(WRAPPED)]


def test_a_copyright_notice_over_a_long_document_does_not_end_it() -> None:
    notice = ["Copyright Notice", "Copyright (c) 2024 Harbour Trust. All rights reserved."]
    chapters = [p.replace("harbour", f"harbour {n}") for n in range(3) for p in PARAGRAPHS]
    article = parse([*MENU, TITLE, PARAGRAPHS[0], *notice, *chapters, *MENU])
    assert article.text.split("\n\n") == [PARAGRAPHS[0], *chapters]
    closing = parse([*MENU, TITLE, *PARAGRAPHS, *notice, PARAGRAPHS[0], *MENU])
    assert closing.text.split("\n\n") == PARAGRAPHS


SECTIONS = [
    "How the harbour ferry came to stop for the winter",
    "What the repairs to the engines cost the port",
    "When the crossings resume and what tickets cost",
    "Where passengers can park near the landing stage",
    "Which shops in the harbour stayed open",
    "Who paid for the new engines in the end",
    "How the timetable changes from next month",
    "What the council plans for the old quay",
]


def test_the_headline_over_the_meta_wins_over_a_table_of_contents_above_the_body() -> None:
    standfirst = [
        "Our reporters spent the winter on the quay with the engineers, the crews and the "
        "shopkeepers who waited for the boats to come back, and this is the story of it.",
        "The harbour ferry is back on Monday after a long winter of repairs to its engines "
        "and its landing stages, and passengers will find a new timetable waiting.",
        "Here is what changed during the closure, what the work cost the port authority and "
        "what passengers can expect when the first crossing leaves on Monday.",
    ]
    masthead = [*MENU, TITLE, *standfirst, "Posted on", "March 3, 2024"]
    contents = ["Table of contents", *SECTIONS]
    body = [SECTIONS[0], *PARAGRAPHS * 6]
    article = parse([*masthead, *contents, *contents, *body, *MENU])
    assert article.title == TITLE


def test_a_headline_over_its_standfirst_wins_over_a_teaser_over_the_date() -> None:
    teasers = [
        "Why the old lighthouse keeper still climbs the stairs every evening Jo Hart",
        "The quest to save the vanishing fish market by the quay Ann Bell",
    ]
    standfirst = (
        "Three months of repairs cost the port more than planned, and the new timetable "
        "brings fewer crossings on winter evenings"  # no full stop, as pages print them
    )
    meta = ["Log out Sign in", "Sunday, Feb 1, 2015 11:57 AM UTC"]
    page = [*MENU, *teasers, *meta, TITLE, standfirst, "Sam Reed", "Share", *PARAGRAPHS]
    article = parse(page)
    assert article.title == TITLE
    assert article.subtitle == standfirst


def test_a_table_of_contents_entry_over_the_headline_is_no_headline_over_it() -> None:
    standfirst = [
        "Our reporters spent the winter on the quay with the engineers, the crews and the "
        "shopkeepers who waited for the boats to come back, and this is the story of it.",
        "The harbour ferry is back on Monday after a long winter of repairs to its engines "
        "and its landing stages, and passengers will find a new timetable waiting.",
        "Here is what changed during the closure, what the work cost the port authority and "
        "what passengers can expect when the first crossing leaves on Monday.",
    ]
    crumb = "Why the harbour ferry stopped"  # the trail's last step, and the first section
    sections = [crumb, *SECTIONS[1:]]
    masthead = [*MENU, crumb, TITLE, *standfirst, "Posted on", "March 3, 2024"]
    contents = ["Table of contents", *sections]
    article = parse([*masthead, *contents, *contents, crumb, *PARAGRAPHS * 6, *MENU])
    assert article.title == TITLE
