//! Every problem in front matter and site.toml lands on the value the parser saw, even when the
//! same key or word was written earlier in the file (in a block of text, a list item, a comment).

mod common;

use common::*;

#[test]
fn a_town_is_shown_at_its_own_line_not_inside_the_summary_above_it() {
    let s = Site::new();
    s.write(
        "content/events/x.md",
        &EVENT.replace(
            "town: 湖塘镇\n",
            "summary: |\n  town: 湖塘镇 is where it was last year\ntown: 湖塘\n",
        ),
    );
    s.build()
        .expect_code(1)
        .says("content/events/x.md:7:7: error[XZ-E108]: `town`: \"湖塘\" is not one of the towns")
        .says(" 7 | town: 湖塘");
}

#[test]
fn an_empty_title_is_shown_at_the_page_title_not_a_book_title() {
    let s = Site::new();
    s.write(
        "content/reading/books.md",
        "---\ncurator: 武进区图书馆\nbooks:\n  - title: 平凡的世界\n    isbn: \"9787530212004\"\ntitle:\n---\n\n好书。\n",
    );
    s.build().expect_code(1).says(
        "content/reading/books.md:6:1: error[XZ-E101]: a reading list is missing the required field `title`",
    );
}

#[test]
fn a_week_end_is_shown_at_its_value_not_at_text_in_the_slogan() {
    let s = Site::new();
    s.write(
        "site.toml",
        &SITE_TOML.replace(
            "end = 2022-12-08\nslogan = \"砥砺奋进启新程 全民学习再出发\"\n",
            "slogan = \"\"\"\nend = 2022-12-08\n\"\"\"\nend = 2022-12-01\n",
        ),
    );
    s.build()
        .expect_code(1)
        .says("site.toml:10:7: error[XZ-E206]: [week] end 2022-12-01 is before start 2022-12-02")
        .says(" 10 | end = 2022-12-01");
}
