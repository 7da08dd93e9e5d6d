"""Whether a person the article names is a man or a woman, so that "she" finds her.

Evidence comes from the article first: a title ("Mr", "Ms", "Dame"), a
gendered role ("spokeswoman", "chairman"), or the pronoun the writer uses
after the name ("Lucy Grant, a nurse who spent half her life …"); and a first
name from a list of common ones that are seldom given to both sexes, which counts
as much as one pronoun and settles a tie. No guess from a name's
ending: "Raila", "Nikita" and "Joshua" end in "-a" too.
"""

from __future__ import annotations

import re

MALE, FEMALE = "m", "f"

_TITLES = {
    **dict.fromkeys(
        """mr sir lord king prince spokesman chairman councilman congressman businessman
        father brother son husband grandfather uncle""".split(),
        MALE,
    ),
    **dict.fromkeys(
        """mrs ms miss dame lady queen princess spokeswoman chairwoman councilwoman
        congresswoman businesswoman mother sister daughter wife grandmother aunt""".split(),
        FEMALE,
    ),
}
_FIRST_NAMES = {
    **dict.fromkeys(
        """james john robert michael william david richard joseph thomas tom charles chris
        christopher daniel matthew mark paul steven steve andrew kenneth kevin brian
        george edward ronald anthony tony timothy jason jeffrey ryan jacob gary eric
        jonathan stephen larry justin scott frank benjamin ben gregory samuel sam
        patrick peter jack dennis jerry alexander alex henry carl arthur harry ahmed
        mohammed muhammad ali omar hassan ivan sergei sergey dmitry vladimir igor oleg
        luis carlos jose juan pedro miguel pierre jean hans klaus wolfgang ian simon
        martin philip phil keith neil rishi boris joe bill bob jim mike dave nick luke
        adam noah liam ethan oliver billy wally irving sterling donald dan danny jeremy
        aaron kyle walter roger terry sean gerald lawrence albert bruce willie dylan
        alan ralph gabriel roy wayne eugene louis russell bobby vincent johnny randy
        howard craig shane derek todd glenn victor graham gordon colin trevor nigel
        stuart ross duncan hamish callum angus rory owen rhys gareth tyler brandon
        austin marcus lucas mateo diego javier alejandro pablo andres francisco antonio
        manuel giovanni marco luca matteo francesco giuseppe stefan lars anders erik
        nils henrik sven bjorn piotr tomasz pavel andrei alexei mikhail nikolai yuri
        viktor mehmet mustafa ahmet emre yusuf ibrahim khalid abdullah tariq hamza
        kwame kofi chinedu emeka oluwaseun tunde raj rahul arjun vikram amit sanjay
        ravi hiroshi takeshi kenji""".split(),
        MALE,
    ),
    **dict.fromkeys(
        """mary elizabeth jennifer susan sarah karen nancy lisa margaret betty helen
        sandra ashley kimberly emily michelle carol amanda melissa deborah stephanie
        rebecca sharon laura cynthia kathleen amy shirley angela anna ruth brenda
        pamela nicole katherine catherine kate christine rachel carolyn janet virginia
        heather diane julie joyce victoria kelly christina joan evelyn lauren judith megan
        cheryl hannah jacqueline martha gloria teresa ann anne sara madison frances
        kathryn janice abigail alice judy sophia grace denise amber doris marilyn
        danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis
        lori jane lucy claire sophie chloe emma ellen louise rose priya fatima aisha
        olga elena natalia irina yulia ingrid ursula hillary nikki kamala maria marta
        svetlana tatiana ekaterina anastasia holly molly sally shelly polly samantha
        jessica donna tiffany kristen crystal tina erin monica wendy tracy stacy dawn
        april jill paula vanessa valerie veronica yvonne sylvia beatrice harriet
        eleanor edith agnes florence matilda poppy isla freya ava mia ella amelia
        olivia zoe ruby daisy fiona morag eilidh siobhan niamh aoife sinead bridget
        maeve gemma kirsty lucia sofia valentina camila isabel carmen pilar rosa
        dolores francesca giulia chiara paola elisa astrid freja sigrid agnieszka
        katarzyna magdalena ewa zeynep elif ayse leila layla nadia yasmin amira samira
        zainab amara chiamaka ngozi adaeze funmilayo abena ama akosua ananya deepa
        lakshmi sunita neha pooja keiko akiko yumi""".split(),
        FEMALE,
    ),
}
_PRONOUNS = {"he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE, "hers": FEMALE}
_PRONOUN = re.compile(r"\b(?:[Hh]e|him|[Hh]is|[Ss]he|[Hh]er|hers)\b")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z])")


def title_gender(word: str) -> str | None:
    """The gender a title or role word gives: 'Mr' a man, 'spokeswoman' a woman."""
    return _TITLES.get(word.lower().rstrip("."))


def first_name_gender(first: str) -> str | None:
    """The likely gender of a first name, when it is a common one."""
    return _FIRST_NAMES.get(first.lower())


def pronoun_after(text: str, end: int) -> str | None:
    """The gender of the first pronoun after a name in its sentence, or opening the next
    one: the writer's own word for who the person is."""
    window = text[end : end + 160]
    stop = _SENTENCE_END.search(window)
    if stop is not None:
        window = window[: stop.end() + 4]  # the next sentence's first word, as "He" or "She"
    found = _PRONOUN.search(window)
    return _PRONOUNS[found.group().lower()] if found else None
