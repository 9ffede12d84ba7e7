"""The sentence splitter: its rules case by case, offsets that hold for any text, and how many
of CoNLL-2003's own sentence boundaries it finds in validation documents rebuilt as raw text."""
from __future__ import annotations

import itertools
import random
import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.conll import read_conll
from model.documents import Document
from model.sentences import outline_marks, split_sentences, tokenize_sentences
from model.tokenizer import blank_separators, tokenize


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# -- The rules, case by case -------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    # full stops, question and exclamation marks
    ("He left. She stayed.", ["He left.", "She stayed."]),
    ("Why? Because! Fine.", ["Why?", "Because!", "Fine."]),
    ("What?! No.", ["What?!", "No."]),
    ("He won in 1996. 1997 was worse.", ["He won in 1996.", "1997 was worse."]),
    # ... unless the next word is lower-case
    ("Why? because I said so. fine", ["Why? because I said so. fine"]),
    # abbreviations, initials, decimals and ellipses do not end a sentence ...
    ("Apple Inc. and Mr. J. Smith of the U.S. Treasury met at 5 p.m. Monday.",
     ["Apple Inc. and Mr. J. Smith of the U.S. Treasury met at 5 p.m. Monday."]),
    ("The No. 5 seed lost on Jan. 5 by 3.5 points.",
     ["The No. 5 seed lost on Jan. 5 by 3.5 points."]),
    ("I waited... Nothing came. Then… Silence.", ["I waited... Nothing came.", "Then… Silence."]),
    # ... except an abbreviation before a word that starts sentences and is not a name
    ("He left at 5 p.m. He came back.", ["He left at 5 p.m.", "He came back."]),
    ("Talks with the U.S. In Geneva, too.", ["Talks with the U.S.", "In Geneva, too."]),
    ("He runs Acme Inc. The firm grew.", ["He runs Acme Inc.", "The firm grew."]),
    ("Plan A. The end.", ["Plan A.", "The end."]),
    ("By J. A. Smith.", ["By J. A. Smith."]),  # "A." is an initial, not the word "A"
    # closing quotes and brackets stay with the sentence they close
    ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
    ("(He left.) She stayed.", ["(He left.)", "She stayed."]),
    ("It was over.\u201d She wept.", ["It was over.\u201d", "She wept."]),
    ("'Go.' He went.", ["'Go.'", "He went."]),
    ('He left. "Why?" she asked.', ["He left.", '"Why?" she asked.']),
    # pre-tokenized text: a spaced '"' closes when an odd number of them precede it on its line
    ('" I am here . " He said . " But no . "', ['" I am here . "', "He said .", '" But no . "']),
    # e-mail addresses, URLs, numbers
    ("Mail j.smith@example.com. See www.example.com/a.b. Done.",
     ["Mail j.smith@example.com.", "See www.example.com/a.b.", "Done."]),
    # list numbering at the start of a line is not a sentence end
    ("1. The first\n2. The second\n10. Ten", ["1. The first", "2. The second", "10. Ten"]),
    # a blank line always ends a sentence, whatever follows
    ("no full stop\n\nand lower case", ["no full stop", "and lower case"]),
    ("Mr.\n \t\nSmith", ["Mr.", "Smith"]),
    ("one\u2029two", ["one", "two"]),
    # a line without final punctuation is a sentence: headlines and datelines
    ("MERKEL MEETS SIEMENS BOARD\nBERLIN 1996-08-22\nAngela Merkel met the board.",
     ["MERKEL MEETS SIEMENS BOARD", "BERLIN 1996-08-22", "Angela Merkel met the board."]),
    ("- apples\n- pears", ["- apples", "- pears"]),
    # a dateline is a sentence of its own on one line too: an upper-case place (or a
    # capitalised one starting a sentence), an optional region after a comma, a date, and an
    # optional agency credit and dash
    ("Adrian Warner BERLIN 1996-08-30 American Dennis Mitchell won.",
     ["Adrian Warner", "BERLIN 1996-08-30", "American Dennis Mitchell won."]),
    ("SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT . Nadim Ladki AL-AIN , United "
     "Arab Emirates 1996-12-06 Japan began the defence",
     ["SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .", "Nadim Ladki",
      "AL-AIN , United Arab Emirates 1996-12-06", "Japan began the defence"]),
    ("Talks end. NEW YORK 1996-08-30 Stocks fell.",
     ["Talks end.", "NEW YORK 1996-08-30", "Stocks fell."]),
    ("LONDON, Aug 30 (Reuters) - Shares rose.", ["LONDON, Aug 30 (Reuters) -", "Shares rose."]),
    # a region's code with its comma before the date, and a newswire's credit
    ("AUSTIN, TX, May 2, 2024 - Tesla reported deliveries.\nOTTAWA, ON, Jan. 15, 2025 /CNW/ - "
     "The minister spoke. NEW YORK, May 2, 2024 /PRNewswire/ -- Acme Corp. announced a deal. "
     "They close at 11 P.M. Sept. 3. DENVER, May 2, 2024 (GLOBE NEWSWIRE) -- Acme rose.",
     ["AUSTIN, TX, May 2, 2024 -", "Tesla reported deliveries.",
      "OTTAWA, ON, Jan. 15, 2025 /CNW/ -", "The minister spoke.",
      "NEW YORK, May 2, 2024 /PRNewswire/ --", "Acme Corp. announced a deal.",
      "They close at 11 P.M. Sept. 3.", "DENVER, May 2, 2024 (GLOBE NEWSWIRE) --",
      "Acme rose."]),
    # without a date, a news agency's credit and a dash after the place
    ("By David Shepardson WASHINGTON (Reuters) - Regulators opened a probe.",
     ["By David Shepardson", "WASHINGTON (Reuters) -", "Regulators opened a probe."]),
    ("Shares of IBM (Reuters) - rose. He told CNN (AP) - and left. The deal with IBM (CP) - "
     "Canadian Press reported it.",
     ["Shares of IBM (Reuters) - rose.", "He told CNN (AP) - and left.",
      "The deal with IBM (CP) - Canadian Press reported it."]),
    ("Paris, August 30, 1996 The talks ended.", ["Paris, August 30, 1996", "The talks ended."]),
    ("BERLIN 1996-08-22", ["BERLIN 1996-08-22"]),
    # ... and not when the story goes on in lower case, the capitalised place does not start
    # a sentence, the upper-case run is too long for a place, or the "place" is a weekday
    *[(text, [text]) for text in [
        "He was born in Paris 1996-08-22 was the date",
        "Prices in BERLIN 1996-08-22 rose.",
        "He met Merkel in Berlin 1996-08-22 The talks",
        "CUP FINAL TO BE PLAYED IN BERLIN 1996-08-22 Fans",
        "FRIDAY , AUGUST 30 SCHEDULE",
        "The deal signed May 5 Smith said",
    ]],
    # text without a single capital letter says nothing by case: a full stop ends a sentence
    # and so does a line break, unless punctuation carries the line on
    ("he left. she stayed. why? because", ["he left.", "she stayed.", "why?", "because"]),
    ("the minister said on\ntuesday that\nin berlin,\nmerkel said",
     ["the minister said on", "tuesday that", "in berlin,\nmerkel said"]),
    ("talks with the u.s. in geneva. at 5 p.m. smith left",
     ["talks with the u.s.", "in geneva.", "at 5 p.m. smith left"]),
    # a numbered list run into one line: each number opens its item, when its neighbour number
    # is there too and the item does not open with a word that starts sentences
    ("Results : 1. Michelle Freeman 12.71 2. Ludmila Engquist 12.74 3. Aliuska Lopez 12.92",
     ["Results :", "1. Michelle Freeman 12.71", "2. Ludmila Engquist 12.74",
      "3. Aliuska Lopez 12.92"]),
    ("He won 3. He lost 4. Fine.", ["He won 3.", "He lost 4.", "Fine."]),
    # ... nor does a label's number: a filing's headings, the steps of instructions; a
    # label's number opening its line ends no sentence, mid-line it may
    ("Item 7. Management's Discussion\nItem 8. Financial Statements",
     ["Item 7. Management's Discussion", "Item 8. Financial Statements"]),
    ("To install:\nStep 1. Download it from Microsoft.\nStep 2. Run it.\n"
     "As described in Section 3. The results hold.",
     ["To install:", "Step 1. Download it from Microsoft.", "Step 2. Run it.",
      "As described in Section 3.", "The results hold."]),
    ("He scored 2. Smith did not.", ["He scored 2.", "Smith did not."]),
    # a German ordinal before a club or a league, or a day's before its month and a year
    ("Bayern beat 1. FC Köln and went up from the 2. Bundesliga on 14. Mai 2024. It rose 5. "
     "March was worse. Shares closed at 31. May 2024 results are due. Table: 1. FC Porto 30, "
     "2. Benfica 28.",
     ["Bayern beat 1. FC Köln and went up from the 2. Bundesliga on 14. Mai 2024.",
      "It rose 5.", "March was worse.", "Shares closed at 31.", "May 2024 results are due.",
      "Table:", "1. FC Porto 30,", "2. Benfica 28."]),
    # hard-wrapped prose: joined when the next line starts lower-case or the line ends in , ; &
    # ( or a broken word
    ("The minister said on\nTuesday that the talks\nwould resume.",
     ["The minister said on", "Tuesday that the talks\nwould resume."]),
    ("In Berlin,\nMerkel said; Procter &\nGamble (and\nothers) pro-\nDemocracy",
     ["In Berlin,\nMerkel said; Procter &\nGamble (and\nothers) pro-\nDemocracy"]),
    ('He said\n"the market', ['He said\n"the market']),
    # an abbreviation at the end of a line follows the line rule, but for a title, which goes
    # on to its name
    ("talks with the U.S.\nThe end", ["talks with the U.S.", "The end"]),
    ("met Mr.\nSmith", ["met Mr.\nSmith"]),
    # so does a line that breaks after an article, `of`, `for` and the like, which end no
    # sentence, heading or label, whatever case the next line opens in
    ("He works for the\nMassachusetts Review. Powered by\nWordPress\nSign in\nHelp",
     ["He works for the\nMassachusetts Review.", "Powered by\nWordPress", "Sign in", "Help"]),
    ("See Smith et al. (2019) and Jones. Then Bonn.",
     ["See Smith et al. (2019) and Jones.", "Then Bonn."]),
    # a reference's authors end at `et al.`, before its title; in prose a verb follows
    ("Tuttle KR, Rayner B, et al. Dulaglutide versus insulin. Smith et al. found it. Smith "
     "et al. (Table 1) agree.",
     ["Tuttle KR, Rayner B, et al.", "Dulaglutide versus insulin.", "Smith et al. found it.",
      "Smith et al. (Table 1) agree."]),
    ("smith et al. the results were clear.", ["smith et al.", "the results were clear."]),
    # ... and in the Vancouver style, at the last author's initial; a name's initial is none
    ("1. Smith AB, Jones C. Ocean acidification.\n[2] Haddad SK, Lee J, Park H. Trauma care.\n"
     "We met J. R. Smith, Anna B. Lee there. Goldman Sachs CEO, David M. Solomon spoke. "
     "Washington DC, John F. Kennedy spoke.",
     ["1. Smith AB, Jones C.", "Ocean acidification.", "[2] Haddad SK, Lee J, Park H.",
      "Trauma care.", "We met J. R. Smith, Anna B. Lee there.",
      "Goldman Sachs CEO, David M. Solomon spoke.", "Washington DC, John F. Kennedy spoke."]),
    # a citation mark glued after a full stop stays with its sentence, which ends there
    ("She left Siemens in 2021.[1] Bosch hired her.[citation needed] Xi has led since "
     "2012.[a][5] Merkel[2] left.[nb 1] It rose.[Note 2] More.",
     ["She left Siemens in 2021.[1]", "Bosch hired her.[citation needed]",
      "Xi has led since 2012.[a][5]", "Merkel[2] left.[nb 1]", "It rose.[Note 2]", "More."]),
    # a life's dates and an estimate end no sentence
    ("Chaucer (c. 1343 - 1400) and Bach (b. 1685, d. 1750) wed (m. 1707). EPS of $1.64 vs. "
     "est. $1.60 beat forecasts.",
     ["Chaucer (c. 1343 - 1400) and Bach (b. 1685, d. 1750) wed (m. 1707).",
      "EPS of $1.64 vs. est. $1.60 beat forecasts."]),
    # ... but after a measure, the letter is its unit and the period ends the sentence
    ("The wall is 3 m. 12 workers built it. He jumped 8.95 m. 1991 was his year.",
     ["The wall is 3 m.", "12 workers built it.", "He jumped 8.95 m.", "1991 was his year."]),
    # labels of measures and amounts, titles of other countries and armies
    ("Wt. 82 kg, Ht. 175 cm and Rs. 970 crore. Smt. Nirmala Sitharaman met Brig. Gen. Ahmed "
     "al-Rashid, Pvt. Kevin Li, Col. (Ret.) William Hart and Gov. Jose Ma. Lopez.",
     ["Wt. 82 kg, Ht. 175 cm and Rs. 970 crore.",
      "Smt. Nirmala Sitharaman met Brig. Gen. Ahmed al-Rashid, Pvt. Kevin Li, Col. (Ret.) "
      "William Hart and Gov. Jose Ma. Lopez."]),
    # titles of wedding notices, British releases and French names, given names as old
    # letters write them, a telephone's and a listing's labels and a weekday before a number
    ("She is the daughter of Drs. Wei and Lin Chen. The Rt. Hon. Keir Starmer met Mme. Curie, "
     "Messrs. Baring and Sir Geo. Fanshawe with Wm. Harris.",
     ["She is the daughter of Drs. Wei and Lin Chen.",
      "The Rt. Hon. Keir Starmer met Mme. Curie, Messrs. Baring and Sir Geo. Fanshawe with Wm. "
      "Harris."]),
    ("Call tel. +351 218 100 340 or (207) 555-0148 ext. 2, avail. 7/1. Next meeting: Wed. 26 "
     "March, Sat. 8 a.m. and SUN. 6/15. He sat. The Sun. He read it.",
     ["Call tel. +351 218 100 340 or (207) 555-0148 ext. 2, avail. 7/1.",
      "Next meeting: Wed. 26 March, Sat. 8 a.m. and SUN. 6/15.", "He sat.", "The Sun.",
      "He read it."]),
    # code: a fenced block's lines and its fences, a setting's lines, and lines ending in a
    # call are each a sentence of their own, though they open in lower case
    ("Install it:\n```python\nfrom fastgeo import Geocoder\ngeo = Geocoder()\n```\nowner = "
     "Maria Lopez\nlocation = Madrid\nloc = geo.lookup(\"Berlin\")\nprint(loc.lat)\nthe end",
     ["Install it:", "```python", "from fastgeo import Geocoder", "geo = Geocoder()", "```",
      "owner = Maria Lopez", "location = Madrid", 'loc = geo.lookup("Berlin")',
      "print(loc.lat)", "the end"]),
    # a signature's address alone on its line, though it opens in lower case
    ("Head of Sales, Acme Corp\nmaria.lopez@acme.com\nhttps://acme.com/maria\nwrite to\n"
     "maria@acme.com today",
     ["Head of Sales, Acme Corp", "maria.lopez@acme.com", "https://acme.com/maria",
      "write to\nmaria@acme.com today"]),
    # a name ends its line where the next opens in lower case, but for a particle of names;
    # a capitalised word and its full stop end a sentence before lower case, as chat writes;
    # an emoji after a sentence's final mark closes the sentence
    ("had dinner with Jake Peterson\nsarah says hi\nLudwig\nvan Beethoven wrote it. The "
     "Republic\nof Korea won\nGreat gig at Wembley. my nan was there, U.S. dept. of Energy. "
     "Staph. aureus grew. Thanks!! \U0001f60a\U0001f389 See you. I \u2764\ufe0f Paris! "
     "\U0001f3b6 adele sang",
     ["had dinner with Jake Peterson", "sarah says hi", "Ludwig\nvan Beethoven wrote it.",
      "The Republic\nof Korea won", "Great gig at Wembley.",
      "my nan was there, U.S. dept. of Energy.", "Staph. aureus grew.",
      "Thanks!! \U0001f60a\U0001f389", "See you.", "I \u2764\ufe0f Paris! \U0001f3b6",
      "adele sang"]),
    # India's ranks, engineers and police's, companies' and clubs' words, law reports',
    # statutes' and Parliament's abbreviations end no sentence; a hospital's ER does
    ("Addl. SP Ravi Kumar, Dy. SP Rao, Jt. Secretary Iyer, Comr. Aminu Gwarzo, Evang. Mike "
     "Bamiloye, Er. Suresh Patil, Tpr. James Holt and Dep. Sarah Lane met. Lowe's Cos. Inc. and "
     "CK Hutchison Hldgs. Ltd. rose. Ath. Bilbao beat Atl. Madrid. See 74 Cr. App. R. 302, "
     "Crim. L.R. 12, Sch. 2, s. 18 and ss. 5 to 7. Does the right hon. Gentleman agree? He "
     "went to the ER. Doctors saw him.",
     ["Addl. SP Ravi Kumar, Dy. SP Rao, Jt. Secretary Iyer, Comr. Aminu Gwarzo, Evang. Mike "
      "Bamiloye, Er. Suresh Patil, Tpr. James Holt and Dep. Sarah Lane met.",
      "Lowe's Cos. Inc. and CK Hutchison Hldgs. Ltd. rose.", "Ath. Bilbao beat Atl. Madrid.",
      "See 74 Cr. App. R. 302, Crim. L.R. 12, Sch. 2, s. 18 and ss. 5 to 7.",
      "Does the right hon. Gentleman agree?", "He went to the ER.", "Doctors saw him."]),
    # affiliations' abbreviations end no sentence; `Fed.` and `per cent.` still do
    ("Dept. of Surgery, Harvard Med. Sch., Boston; Mayo Clin., Rochester; alt. POB Mosul. Cut "
     "by the Fed. Analysts agree. Up 5 per cent. The index fell. Back to the Lab. Pfizer "
     "agreed. Flights to the Med. Ryanair says so.",
     ["Dept. of Surgery, Harvard Med. Sch., Boston; Mayo Clin., Rochester; alt. POB Mosul.",
      "Cut by the Fed.", "Analysts agree.", "Up 5 per cent.", "The index fell.",
      "Back to the Lab.", "Pfizer agreed.", "Flights to the Med.", "Ryanair says so."]),
    ("Back to the Lab. Dr. Jones agreed. Lowe's Cos. Walmart declined. Lowe's Cos. Inc. rose.",
     ["Back to the Lab.", "Dr. Jones agreed.", "Lowe's Cos.", "Walmart declined.",
      "Lowe's Cos. Inc. rose."]),
    # law reports' and Parliament's abbreviations only before what they belong to; a song's
    # `feat.` after its title, not a noun's or a measure's
    ("See 74 Cr. App. R. 302. Rs 6,000 Cr. Gautam Adani paid. I love the App. Spotify is it. "
     "Love you hon. Mike is here. Does the right hon. Gentleman agree? Halo feat. Drake is "
     "out. A remarkable feat. Reinhold Messner did it. It has 1,850 sq. ft. Close to town.",
     ["See 74 Cr. App. R. 302.", "Rs 6,000 Cr.", "Gautam Adani paid.", "I love the App.",
      "Spotify is it.", "Love you hon.", "Mike is here.", "Does the right hon. Gentleman agree?",
      "Halo feat. Drake is out.", "A remarkable feat.", "Reinhold Messner did it.",
      "It has 1,850 sq. ft.", "Close to town."]),
    # a row of capitalised cells parted by two spaces or more, its columns not lined up; not
    # a typo's one gap, nor a line as wide as the one beside it (justified text's)
    ("Jamal Pettigrew  Harbour City  9\nGF  GA  GD  Pts\n\nHarry  Potter\n\nleaders  in  Bonn  "
     "were\nTony  Blair,  Helmut  Kohl\nand  Jacques  Chirac  of",
     ["Jamal Pettigrew", "Harbour City", "9", "GF", "GA", "GD", "Pts", "Harry  Potter",
      "leaders  in  Bonn  were", "Tony  Blair,  Helmut  Kohl\nand  Jacques  Chirac  of"]),
    # a bibliographic record's fields, each a sentence, its tags no words, a field going on
    # in an indented line; without a record's opening, `UK - ` is a list's line
    ("PMID- 38123456\nLA  - eng\nAD  - Dept of Surgery, Massachusetts General\n      Hospital, "
     "Boston.\nAU  - Haddad SK",
     ["38123456", "eng", "Dept of Surgery, Massachusetts General\n      Hospital, Boston.",
      "Haddad SK"]),
    ("UK - London\nUS - New York\nFR - Paris", ["UK - London", "US - New York", "FR - Paris"]),
    ("PMID- 1\nAU  - Haddad SK\n\nUK - London office\nCEO - John Smith\n  Berlin",
     ["1", "Haddad SK", "UK - London office", "CEO - John Smith", "Berlin"]),
    # an Android WhatsApp export's lines each open a message, though as wide as wrapped text
    ("12.03.24, 21:18 - Anna Kowalczyk: dinner after at Wierzynek\n12.03.24, 21:20 - Tomasz "
     "Zielinski: Also anyone needs\n3/12/24, 9:22 PM - Sarah Mitchell: Is Emily coming from Boston?",
     ["12.03.24, 21:18 - Anna Kowalczyk: dinner after at Wierzynek",
      "12.03.24, 21:20 - Tomasz Zielinski: Also anyone needs",
      "3/12/24, 9:22 PM - Sarah Mitchell: Is Emily coming from Boston?"]),
    # a speaker's label or a caption's sound alone on its line ends it before lower case;
    # prose's colon does not
    ("Speaker 1 (00:00:04):\nso harwell logistics came back\nInterviewer:\nso tell me\n"
     "[Music]\nin lisbon with tomas\nThe reasons are:\nfirst, the cost",
     ["Speaker 1 (00:00:04):", "so harwell logistics came back", "Interviewer:", "so tell me",
      "[Music]", "in lisbon with tomas", "The reasons are:\nfirst, the cost"]),
    # a king's or a war's number of one letter ends the sentence with its full stop; a middle
    # name's initial does not
    ("He succeeded George I. George II was then 43. Many died in World War I. Veterans came "
     "home. We met Mary V. Smith and John I. Ross there.",
     ["He succeeded George I.", "George II was then 43.", "Many died in World War I.",
      "Veterans came home.", "We met Mary V. Smith and John I. Ross there."]),
    # Word's second level of bullets, exported as a letter o, opens its line
    ("Deal team\no Marco Bellini\no Sarah Okafor\n  o Dev Mehta",
     ["Deal team", "Marco Bellini", "Sarah Okafor", "Dev Mehta"]),
    # a chat's spoiler between bars is no table's cell; a wiki's cells between `||` are
    ("the killer was ||Austin|| all along\n|| Name || Company ||\n||Angela Merkel||Berlin||",
     ["the killer was ||Austin|| all along", "Name", "Company", "Angela Merkel", "Berlin"]),
    # prose that quotes code in backticks is no line of code's
    ("Call `f()`. This is covered\nin the pandas docs.",
     ["Call `f()`.", "This is covered\nin the pandas docs."]),
    # in Markdown, an item goes on in a line indented under its text, however short
    ("## 2.3.0\n- Sink contributed by Daniel Okafor from Quantis\n  Analytics (#1160)\n"
     "- Fixed it\n  - in Berlin\n  Bonn\n* Jane Doe\n  London",
     ["## 2.3.0", "- Sink contributed by Daniel Okafor from Quantis\n  Analytics (#1160)",
      "- Fixed it", "- in Berlin", "Bonn", "* Jane Doe", "London"]),
    # keys lined up before their `=` or `:` are no table's columns
    ("journal   = Nature\nvolume    = 12\ndoi       = 10.1/x\nauthor        = Smith\n"
     "title         = Deep Learning\nname     : Maria Lopez\ncompany  : Acme Corp",
     ["journal   = Nature", "volume    = 12", "doi       = 10.1/x", "author        = Smith",
      "title         = Deep Learning", "name     : Maria Lopez", "company  : Acme Corp"]),
    # a field's label that opens several lines, each with a short value, is no speaker's
    ("Color: Graphite\nSize: Large\nColor: Red\nSize: Small",
     ["Color: Graphite", "Size: Large", "Color: Red", "Size: Small"]),
    # a middle dot between spaces parts fields as a bar does; within a word it is a letter's
    ("Quillmetric \u00b7 Austin, TX \u00b7 Remote (US)\nLa col\u00b7lecci\u00f3 de Barcelona",
     ["Quillmetric", "Austin, TX", "Remote (US)", "La col\u00b7lecci\u00f3 de Barcelona"]),
    # an emoji in place of a final mark ends the sentence before a word that opens chat's
    # sentences, not before a name
    ("Lunch with Sarah \U0001f60a Then met Tom \U0001f389\U0001f389 We shipped it. Thanks "
     "\U0001f64f Tom and I \u2764\ufe0f NY. Happy birthday \U0001f382 Will Smith",
     ["Lunch with Sarah \U0001f60a", "Then met Tom \U0001f389\U0001f389", "We shipped it.",
      "Thanks \U0001f64f Tom and I \u2764\ufe0f NY.", "Happy birthday \U0001f382 Will Smith"]),
    # comments' headers as a video's page shows them, two or more
    ("@TheRealDanH 1 year ago\nmy dad took me to see Queen at Wembley\ndave_uk 3 days ago "
     "(edited)\nsaw them in Leeds",
     ["@TheRealDanH 1 year ago", "my dad took me to see Queen at Wembley",
      "dave_uk 3 days ago (edited)", "saw them in Leeds"]),
    # a brace at a line's end opens a block: its lines are code's, not wrapped prose
    ("if (user.country == 'Germany') {\n  send(report)\n}\nAnna Schmidt wrote it.",
     ["if (user.country == 'Germany') {", "send(report)", "}", "Anna Schmidt wrote it."]),
    # a form's checkboxes, a shell's prompt, a git log's commits, a stack trace's frames
    # and definitions' lines each open a line of their own
    ("Which offices?\n[x] Berlin\n[ ] Munich\n$ git log --oneline\n4c1d8aa Bump requests\n"
     "e77f310 Add support for Azure\nException in main\n\tat com.acme.Main.main(Main.java:10)"
     "\ntimeout: the number of seconds to wait for the server in Frankfurt before giving up.\n"
     "retries: how many times to retry a failed request to the Microsoft Azure endpoint.",
     ["Which offices?", "[x] Berlin", "[ ] Munich", "$ git log --oneline", "4c1d8aa Bump requests",
      "e77f310 Add support for Azure", "Exception in main", "at com.acme.Main.main(Main.java:10)",
      "timeout: the number of seconds to wait for the server in Frankfurt before giving up.",
      "retries: how many times to retry a failed request to the Microsoft Azure endpoint."]),
    # a block of comments wraps as prose, its marks whitespace
    ("# It was first written by Anna Schmidt at the Berlin office, then handed to Jennifer\n"
     "# Walsh of Acme Labs in Portland, who maintains the SQLite schema and scripts.\n"
     "# Questions go to the platform team in Munich.",
     ["It was first written by Anna Schmidt at the Berlin office, then handed to Jennifer\n"
      "# Walsh of Acme Labs in Portland, who maintains the SQLite schema and scripts.",
      "Questions go to the platform team in Munich."]),
    # ... and none of that in prose: an initial after `note`, a contract's clause, a
    # decorative line of tildes never closed, a word of the letters a-f before a capital
    ("In a note J. Smith wrote it.\n~~~~~~~~\nThe tenant shall keep the premises\nin good "
     "repair as required by Section 4(b);\nand the landlord acceded The terms.",
     ["In a note J. Smith wrote it.", "~~~~~~~~",
      "The tenant shall keep the premises\nin good repair as required by Section 4(b);\nand "
      "the landlord acceded The terms."]),
    # speech and chat in lower case keep their titles' periods, a couple's `Mr. and Mrs.`
    # is one name's, scripture's books keep theirs before chapter and verse, an interview's
    # `Q.` and `A.` open their lines
    ("what's the weather in st. louis\nremind me to call dr. patel\nwe met mr. and mrs. "
     "johnson", ["what's the weather in st. louis", "remind me to call dr. patel",
                 "we met mr. and mrs. johnson"]),
    ("Love is kind (1 Cor. 13:4-7). Read Rom. 8:28 and Phil. 4:13 before Sunday.\nQ. Any "
     "regrets?\nA. Only that my father never saw me play.\nQ. And Boston?",
     ["Love is kind (1 Cor. 13:4-7).", "Read Rom. 8:28 and Phil. 4:13 before Sunday.",
      "Q. Any regrets?", "A. Only that my father never saw me play.", "Q. And Boston?"]),
    # ... and not any word before a time, nor a measure's unit or a title before `And`
    ("We landed in Rome. 10:30 was late. The tower is 300 ft. Eiffel built it. It took 200 "
     "ms. And it rose.", ["We landed in Rome.", "10:30 was late.", "The tower is 300 ft.",
                          "Eiffel built it.", "It took 200 ms.", "And it rose."]),
    # speech recognition's lines, as long as wrapped text's and without any punctuation,
    # are no wrapped prose, whatever a later paragraph holds
    ("good morning everyone and welcome back to the program this is radio paris\nmichel "
     "dupont is here with me in the studio to talk about the weekend\nthank you for having "
     "me it is a pleasure to be back on the show again",
     ["good morning everyone and welcome back to the program this is radio paris",
      "michel dupont is here with me in the studio to talk about the weekend",
      "thank you for having me it is a pleasure to be back on the show again"]),
    ("good morning everyone and welcome back to the program this is radio paris\nmichel "
     "dupont is here with me in the studio to talk about the weekend\nthank you for having "
     "me it is a pleasure to be back on the show again\n\nnext: the news.",
     ["good morning everyone and welcome back to the program this is radio paris",
      "michel dupont is here with me in the studio to talk about the weekend",
      "thank you for having me it is a pleasure to be back on the show again",
      "next: the news."]),
    # Discord's headers, as it copies them, are sentences of their own
    ("NightOwl \u2014 Today at 3:14 PM\nanyone going to GDC with Tom Hanks\nPixel Witch \u2014 "
     "03/14/2024 3:15 PM\nyes with Sarah Connor",
     ["NightOwl \u2014 Today at 3:14 PM", "anyone going to GDC with Tom Hanks",
      "Pixel Witch \u2014 03/14/2024 3:15 PM", "yes with Sarah Connor"]),
    # a full stop that closes an amount in brackets ends no sentence; one in words does
    ("Add 1 can (28 oz.) San Marzano tomatoes. (He left.) She stayed. (3 people died.) The "
     "storm passed. He answered no. (2) She left.",
     ["Add 1 can (28 oz.) San Marzano tomatoes.", "(He left.)", "She stayed.",
      "(3 people died.)", "The storm passed.", "He answered no.", "(2) She left."]),
    # a time ends a sentence before a capital but its zone, its day or its date, and but
    # where the sentence so far is the time alone; in capitals it is a title or a name too
    ("The rain stops before 10 a.m. Temps top out near 68. The vote is at 10 a.m. EST on "
     "Friday, doors open at 9 p.m. Fridays and close at 11 P.M. Sept. 3.",
     ["The rain stops before 10 a.m.", "Temps top out near 68.",
      "The vote is at 10 a.m. EST on Friday, doors open at 9 p.m. Fridays and close at 11 "
      "P.M. Sept. 3."]),
    ("By 9 a.m. Houston had rain. The 10 a.m. Mass ended at 9 a.m. New York time. Indian P.M. "
     "Narendra Modi met A.M. Best. Open 10 A.M. To 6 P.M. Daily",
     ["By 9 a.m. Houston had rain.", "The 10 a.m. Mass ended at 9 a.m. New York time.",
      "Indian P.M. Narendra Modi met A.M. Best.", "Open 10 A.M. To 6 P.M. Daily"]),
    # a capital and a period that label (a letter after Exhibit, a unit after a decimal, a
    # letter before a title) may end the sentence; a name's initial does not
    ("See Exhibit B. Licensor shall pay. Started vitamin D. Dr. Ruiz agreed. Temp 101.2 F. Pt. "
     "was given Tylenol. In 1996 J. Smith and the J. Paul Getty Trust met.",
     ["See Exhibit B.", "Licensor shall pay.", "Started vitamin D.", "Dr. Ruiz agreed.",
      "Temp 101.2 F.", "Pt. was given Tylenol.",
      "In 1996 J. Smith and the J. Paul Getty Trust met."]),
    # abbreviations inside names and citations end no sentence
    ("Brown v. Board of Education, 347 U.S. 483 (1954), cited in Cambridge Univ. Press, "
     "pp. 12-14 (Fig. 3).",
     ["Brown v. Board of Education, 347 U.S. 483 (1954), cited in Cambridge Univ. Press, "
      "pp. 12-14 (Fig. 3)."]),
    ("Consult DR.\nPatel or Main St.\nSpringfield", ["Consult DR.\nPatel or Main St.",
                                                     "Springfield"]),
    # a line that ends in a full stop ends its sentence, whatever case the next opens in
    ("I love this phone!\nbattery lasts two days. Great.\nwould buy again",
     ["I love this phone!", "battery lasts two days.", "Great.", "would buy again"]),
    ('She said "I love it."\nbut then she left, cf.\nthe notes.',
     ['She said "I love it."', "but then she left, cf.\nthe notes."]),
    ("Staff list:\nDr.\nMr.\nMrs.", ["Staff list:", "Dr.", "Mr.", "Mrs."]),
    # whitespace of every kind, CRLF and old Mac line ends
    ("A  b.\tC d.\u00a0E f.\u3000G", ["A  b.", "C d.", "E f.", "G"]),
    ("One\r\nTwo\rThree\u2028Four\x85Five", ["One", "Two", "Three", "Four", "Five"]),
    # and so do the marks the tokenizer reads as whitespace, pasted between sentences
    ("Angela Merkel.\ufeffBarack Obama left.\u200bThe end.",
     ["Angela Merkel.", "Barack Obama left.", "The end."]),
    ("One\r\n\r\nTwo", ["One", "Two"]),
    # a tab within a line separates table cells; a tab that indents a line is whitespace
    ("Name\tCompany\nJohn Smith\tIBM\tNew York", ["Name", "Company", "John Smith", "IBM",
                                                   "New York"]),
    ("He said\n\tthat it rained.", ["He said\n\tthat it rained."]),
    # so do a vertical bar and a bullet, which the tokenizer reads as whitespace: a Markdown
    # table, a signature's fields, a page title and its site, a list run into a line
    ("| Name | Company |\n|------|---------|\n| John Smith | IBM |",
     ["Name", "Company", "------", "---------", "John Smith", "IBM"]),
    ("Michael Chen | Northwind Capital", ["Michael Chen", "Northwind Capital"]),
    # so do two spaces or more before a capitalised field's label: a form's fields on a line
    ("Name: John Smith   Employer: IBM  City: Boston\n  Note: none  e-mail: a@b.org",
     ["Name: John Smith", "Employer: IBM", "City: Boston", "Note: none  e-mail: a@b.org"]),
    ("Merkel visits Paris | Reuters", ["Merkel visits Paris", "Reuters"]),
    ("Apple \u2022 Google \u2022 Microsoft", ["Apple", "Google", "Microsoft"]),
    # a CSV line's quoted fields, which touch, end at the comma after each
    ('"Smith, John","IBM","New York"', ['"Smith, John",', '"IBM",', '"New York"']),
    ('["Angela Merkel","Paris"]', ['["Angela Merkel",', '"Paris"]']),
    ('He said, "Smith, John", and left.', ['He said, "Smith, John", and left.']),
    # its rows end at their line breaks, whatever case the next starts in
    ('"Name","Company",\n"acme corp","Siemens AG"',
     ['"Name",', '"Company",', '"acme corp",', '"Siemens AG"']),
    # but quotes that hold a comma in code are no fields
    ('Use s.split(",") or ",".join(names), said Angela Merkel.',
     ['Use s.split(",") or ",".join(names), said Angela Merkel.']),
    ('Set delimiter="," in csv.writer.', ['Set delimiter="," in csv.writer.']),
    # fields not all quoted end at their commas where two lines in a row or more split into
    # as many fields at commas with no space after them, and the line before the rows ends
    ('The export:\nname,company,city\n"Smith, John",IBM,New York\n"Garcia, Maria",Siemens,Munich',
     ["The export:", "name,", "company,", "city", '"Smith, John",', "IBM,", "New York",
      '"Garcia, Maria",', "Siemens,", "Munich"]),
    ("id,name\n1,Angela Merkel\n> 2,Olaf Scholz", ["id,", "name", "1,", "Angela Merkel", "2,",
                                                  "Olaf Scholz"]),
    # a field with no letter or digit joins the next field, or the one before at a row's end
    ('"Maria Garcia","","Munich"\n"John Smith","IBM",""',
     ['"Maria Garcia",', '"","Munich"', '"John Smith",', '"IBM",""']),
    ("a,,b\n-,x,", ["a,", ",b", "-,x,"]),
    # a comma between digits separates nothing, one with a space after it is prose's, and
    # one line alone or lines with as many fields apart are no CSV
    ("Net profit rose to 1,234 million euros from\n1,100 million a year earlier.",
     ["Net profit rose to 1,234 million euros from\n1,100 million a year earlier."]),
    ("Paris,France\nBerlin, Germany,Europe", ["Paris,France", "Berlin, Germany,Europe"]),
    ("He met Smith,Jones\n\nand Brown,Lee", ["He met Smith,Jones", "and Brown,Lee"]),
    ("x,y\nx,y,z", ["x,y", "x,y,z"]),
    # and two rows of two fields are no CSV: chat leaves out the space after a comma too
    ("Paris,France\nBerlin,Germany", ["Paris,France", "Berlin,Germany"]),
    ("See files a.txt,b.txt\nand c.txt,d.txt for details.",
     ["See files a.txt,b.txt\nand c.txt,d.txt for details."]),
    # a full stop, question mark or exclamation mark typed without its space, between a
    # lower-case word and a word that starts sentences (or any capitalised word after ? !)
    # ends a sentence; code and addresses do not
    ("I met John Smith.I then flew to Paris.Then Berlin. Really?Yes!Thanks.",
     ["I met John Smith.", "I then flew to Paris.", "Then Berlin.", "Really?", "Yes!",
      "Thanks."]),
    ("Call fmt.Println or React.Component or mail John.News@Mail.Example.com.",
     ["Call fmt.Println or React.Component or mail John.News@Mail.Example.com."]),
    # a footnote's mark stays with the sentence it follows, and opens a footnote's text
    ("It was criticised by Merkel.\u00b3 Schr\u00f6der disagreed.\n\u00b3 Merkel said so.",
     ["It was criticised by Merkel.\u00b3", "Schr\u00f6der disagreed.",
      "\u00b3 Merkel said so."]),
    # the Philippines', Malaysia's, Bangladesh's, councils' and old letters' titles and
    # places, and German and Spanish letters' titles, end no sentence; `SEC.` in capitals does
    ("PCO Sec. Cheloy Garafil met DSWD Asec. Irene Dumlao in Brgy. San Isidro, Sta. Rosa. "
     "Hj. Mohd. Ali, Pn. Siti bt. Yusof and Sk. Abdur Rahim came. Cllr. Mary Murphy, Snr Const. "
     "Jane Smith, Cr. Glen Hartwig and The Revd. Mr. Buchanan, Esqr. Judge, met on the 10th "
     "Feby. 1805 at Union Sq., Boston. Y.Bhg. Datuk Wira Fadzil and Hr. Vogel, Dr. med. Klaus "
     "Weber, Dipl.-Ing. Jan Berg and Sra. Ana Ruiz came. It was filed with the SEC. Apple "
     "agreed. Rs 6,000 Cr. Gautam Adani paid.",
     ["PCO Sec. Cheloy Garafil met DSWD Asec. Irene Dumlao in Brgy. San Isidro, Sta. Rosa.",
      "Hj. Mohd. Ali, Pn. Siti bt. Yusof and Sk. Abdur Rahim came.",
      "Cllr. Mary Murphy, Snr Const. Jane Smith, Cr. Glen Hartwig and The Revd. Mr. Buchanan, "
      "Esqr. Judge, met on the 10th Feby. 1805 at Union Sq., Boston.",
      "Y.Bhg. Datuk Wira Fadzil and Hr. Vogel, Dr. med. Klaus Weber, Dipl.-Ing. Jan Berg and "
      "Sra. Ana Ruiz came.", "It was filed with the SEC.", "Apple agreed.", "Rs 6,000 Cr.",
      "Gautam Adani paid."]),
    # footnotes', references' and genealogies' abbreviations before their number or name
    # end no sentence, nor do Latin's, editors', degrees' and Ł's initials
    ("See Kurlansky (1997, chap. 3); Homer, Iliad, bk. 6, ll. 119-236; fol. 12; pt. 2, sect. "
     "4; Ep. 214; Op. 9 No. 2; Tk. 50 crore and KSh. 500 million; Sir. 3:2-6. Mary Walsh, b. "
     "1869; m. Patrick Gallagher; Kelvin, b. Belfast; educ. Glasgow Univ.; Honora, dau. of "
     "Pierce Butler. Cf. Knittle, op. cit., 131. Ibid. Smith argues so. Dickens, Charles. Ed. "
     "Nicola Bradbury. Smith, J. (Ed.). She holds an M.Sc. from Oxford. Prof. \u0141. Kaiser "
     "and \u0160. Nov\u00e1k wrote it.",
     ["See Kurlansky (1997, chap. 3); Homer, Iliad, bk. 6, ll. 119-236; fol. 12; pt. 2, sect. "
      "4; Ep. 214; Op. 9 No. 2; Tk. 50 crore and KSh. 500 million; Sir. 3:2-6.",
      "Mary Walsh, b. 1869; m. Patrick Gallagher; Kelvin, b. Belfast; educ. Glasgow Univ.; "
      "Honora, dau. of Pierce Butler.", "Cf. Knittle, op. cit., 131.", "Ibid. Smith argues so.",
      "Dickens, Charles.", "Ed. Nicola Bradbury.", "Smith, J. (Ed.).",
      "She holds an M.Sc. from Oxford.", "Prof. \u0141. Kaiser and \u0160. Nov\u00e1k wrote it."]),
    # a listing's, a recipe's, a result's and a ballot's abbreviations end no sentence; the
    # same words elsewhere still may
    ("Showings Sat. & Sun. 11 AM. Hours: Tues.\u2013Sun. 10 a.m. Approx. 2 hrs. by car. Add 1 "
     "tsp. Diamond Crystal salt. Bake for 45 min. Let it rest. Sinner d. Shelton 6-2. T1 def. "
     "BLG 3-2. Sue Webber (Con.) 5,331; Alan Beal (Lib. Dem.) 3,201. Hosted by ex-Gov. Andrew "
     "Cuomo. Mr. Rao (Cons.) will review. Arr. 15:36 Gen\u00e8ve. Press Tab. Then wait.",
     ["Showings Sat. & Sun. 11 AM.", "Hours: Tues.\u2013Sun. 10 a.m.",
      "Approx. 2 hrs. by car.", "Add 1 tsp. Diamond Crystal salt.", "Bake for 45 min.",
      "Let it rest.", "Sinner d. Shelton 6-2.", "T1 def. BLG 3-2.",
      "Sue Webber (Con.) 5,331; Alan Beal (Lib. Dem.) 3,201.", "Hosted by ex-Gov. Andrew Cuomo.",
      "Mr. Rao (Cons.) will review.", "Arr. 15:36 Gen\u00e8ve.", "Press Tab.", "Then wait."]),
    # a letter of an abbreviation with a slash, and a ticker's exchange, are no initials;
    # `M/s.` is one; a name's initial after a slash still is
    ("Denies N/V. Smith family at bedside. Central A/C. Walk to Whole Foods. Buy VOD.L. "
     "Barclays is cheap. Paid M/s. Larsen & Toubro Ltd. last year. Lennon/P. McCartney wrote it.",
     ["Denies N/V.", "Smith family at bedside.", "Central A/C.", "Walk to Whole Foods.",
      "Buy VOD.L.", "Barclays is cheap.", "Paid M/s. Larsen & Toubro Ltd. last year.",
      "Lennon/P. McCartney wrote it."]),
    # in lower case and in capitals, the words of titles, companies, months and institutions
    ("the deal with acme corp. was signed by gov. newsom on jan. 6\nWE MET THE GOVT. OF INDIA "
     "AND THE UNIV. OF TEXAS AT ST. MARY'S HOSP. TODAY",
     ["the deal with acme corp. was signed by gov. newsom on jan. 6",
      "WE MET THE GOVT. OF INDIA AND THE UNIV. OF TEXAS AT ST. MARY'S HOSP. TODAY"]),
    # councils', legislatures' and churches' titles, an ordinance's, a room's and a grade's
    # numbers, a weekday before its month, a time naming what follows, end no sentence; a
    # rank after its name at a line's end goes on to no next line
    ("Apologies from Cllrs. Okafor and Dunmore; moved Cr. A. Nguyen; Ald. Brendan Reilly, Asm. "
     "Phil Ting, Supv. Dean Preston, Commr. Joan Healy, Dcn. Tom Walsh, Bp. of Shrewsbury. "
     "Adoption of Ord. No. 1187 in Rm. 12 for Gr. 5 on Thu. July 18. Read Is. 55:10-11 at the "
     "7 p.m. City Council meeting. Doors open at 6 p.m. Mayor Delgado speaks.\n"
     "John Carter, Rep.\nSam Hill, Ind.\nConsult Dr.\nPatel today",
     ["Apologies from Cllrs. Okafor and Dunmore; moved Cr. A. Nguyen; Ald. Brendan Reilly, "
      "Asm. Phil Ting, Supv. Dean Preston, Commr. Joan Healy, Dcn. Tom Walsh, Bp. of "
      "Shrewsbury.", "Adoption of Ord. No. 1187 in Rm. 12 for Gr. 5 on Thu. July 18.",
      "Read Is. 55:10-11 at the 7 p.m. City Council meeting.", "Doors open at 6 p.m.",
      "Mayor Delgado speaks.", "John Carter, Rep.", "Sam Hill, Ind.", "Consult Dr.\nPatel today"]),
    # Chinese's and Japanese's full stops end sentences, spaced or not; a French telephone's
    # label and a venue's abbreviations end none; a square's does before a capital, a slash's
    # title does not, nor a name's initial after a photo agency's slash
    ("Meet at Harvard Sq. Parking is free. Pt to f/u w/Dr. Patel and D/Sgt. Ian Pike "
     "(REUTERS/K. Pfaffenbach) today. Thanks to Emily "
     "Carter\u3002Li Na will send it\u3002 \u4f1a\u8bae\u7ed3\u675f\uff01Tom agreed. "
     "Dr Marie Curie, t\u00e9l. 01 42 34 56 78, works in Exh. Hall 4A.",
     ["Meet at Harvard Sq.", "Parking is free.",
      "Pt to f/u w/Dr. Patel and D/Sgt. Ian Pike (REUTERS/K. Pfaffenbach) today.",
      "Thanks to Emily Carter\u3002", "Li Na will send it\u3002",
      "\u4f1a\u8bae\u7ed3\u675f\uff01", "Tom agreed.",
      "Dr Marie Curie, t\u00e9l. 01 42 34 56 78, works in Exh. Hall 4A."]),
    # a line opening in lower case reads its abbreviations as the text's case has them; a
    # citation's page is no item before the next paragraph of its number; a line of options
    # does not run into the next in wrapped text
    ("omg i got into the univ. of Michigan!!\nneed milk, eggs etc. from Tesco later",
     ["omg i got into the univ. of Michigan!!", "need milk, eggs etc. from Tesco later"]),
    ("12. Reliance was placed on Mohit Minerals, (2022) 10 SCC 13. See also Bharati.\n"
     "13. The appeal fails.",
     ["12. Reliance was placed on Mohit Minerals, (2022) 10 SCC 13.", "See also Bharati.",
      "13. The appeal fails."]),
    ("Q4. Which treaty ended the Thirty Years' War, fought in central Europe?\nA) Treaty of "
     "Utrecht  B) Peace of Westphalia  C) Treaty of Versailles\nAnswer: B) Peace of "
     "Westphalia (1648)",
     ["Q4.", "Which treaty ended the Thirty Years' War, fought in central Europe?",
      "A) Treaty of Utrecht", "B) Peace of Westphalia", "C) Treaty of Versailles",
      "Answer: B) Peace of Westphalia (1648)"]),
    # the second review's near misses: words and units that the new abbreviations are too
    ("The photo appeared in The Sun. Mary said so. The baby weighed 8 lbs. Prince William "
     "smiled. Open a new Tab. Chrome 120 ships. Rs 1,200 Crs. Reliance said. 0-60 in 4.1 Sec. "
     "Porsche says. We weighed the Pros and Cons. Marketing agreed. The answer is no. HR/Legal "
     "decides. Federal Election Comm. Trump objected. My hero is Bart. Lisa is smarter. "
     "TURN LEFT ON MAIN AVE. THE HOUSE IS BLUE.",
     ["The photo appeared in The Sun.", "Mary said so.", "The baby weighed 8 lbs.",
      "Prince William smiled.", "Open a new Tab.", "Chrome 120 ships.", "Rs 1,200 Crs.",
      "Reliance said.", "0-60 in 4.1 Sec.", "Porsche says.", "We weighed the Pros and Cons.",
      "Marketing agreed.", "The answer is no.", "HR/Legal decides.",
      "Federal Election Comm.", "Trump objected.", "My hero is Bart.", "Lisa is smarter.",
      "TURN LEFT ON MAIN AVE.", "THE HOUSE IS BLUE."]),
    ("Present: A. Smith B. Jones C. Brown from Deloitte. The Company will notify: (a) Barclays "
     "Bank and (b) HSBC, as lenders. Capital of Spain? A. Paris B. Rome C. Madrid",
     ["Present: A. Smith B. Jones C. Brown from Deloitte.",
      "The Company will notify: (a) Barclays Bank and (b) HSBC, as lenders.",
      "Capital of Spain?", "A. Paris", "B. Rome", "C. Madrid"]),
    ("We met the surgeon, Dr.\nPatel, on Monday.\n\nSHUTTLE STOP MOVED TO GATE 5\nTAXI STOP "
     "CLOSED UNTIL FRIDAY\nDON'T STOP BELIEVING\nDON'T STOP ME NOW",
     ["We met the surgeon, Dr.\nPatel, on Monday.", "SHUTTLE STOP MOVED TO GATE 5",
      "TAXI STOP CLOSED UNTIL FRIDAY", "DON'T STOP BELIEVING", "DON'T STOP ME NOW"]),
    # the third review's: prose opening as authors do on two lines, a report's page in one
    # paragraph, an hourly wage, a department in lower case
    ("Moreover, John F. Kennedy was elected in 1960.\nHowever, Lyndon B. Johnson won in 1964.\n"
     "12. Reliance was placed on Mohit Minerals, (2022) 10 SCC 13. See also Bharati.\n"
     "Pay: $18/Hr. Benefits include dental.\nu coming to the dept. party with Jess?",
     ["Moreover, John F. Kennedy was elected in 1960.",
      "However, Lyndon B. Johnson won in 1964.",
      "12. Reliance was placed on Mohit Minerals, (2022) 10 SCC 13.", "See also Bharati.",
      "Pay: $18/Hr.", "Benefits include dental.", "u coming to the dept. party with Jess?"]),
    # nothing but whitespace
    ("", []),
    (" \t\r\n\u00a0\u2029", []),
])
def test_rules(text, expected):
    assert sentences(text) == expected


# -- Text wrapped to a width ------------------------------------------------------------------

PARAGRAPH = ("The meeting took place on Tuesday, when Chancellor Angela Merkel welcomed President "
             "Barack Obama to the Chancellery in Berlin. Officials from the European Commission "
             "and the International Monetary Fund joined them later, said a spokesman for "
             "Deutsche Bank AG, which hosted a dinner at the Hotel Adlon near the U.S. Embassy. "
             "The talks resume on Wednesday.")


def unwrapped(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width", [60, 64, 70, 72, 76, 80, 100])
def test_wrapped_text_has_the_sentences_of_the_unwrapped_text(width):
    wrapped = textwrap.fill(PARAGRAPH, width)
    # At most widths some line break falls before a capitalised word, often inside a name.
    assert [unwrapped(s) for s in sentences(wrapped)] == sentences(PARAGRAPH)


def test_a_wrapped_paragraph_that_breaks_only_before_capitals_is_still_wrapped():
    """CoNLL-2003's own wrapped sports reports break before names at every line, and the
    paragraph's last line ends it: that last line tells the text is wrapped."""
    text = ("Australia scored 228 for nine wickets in their 50 overs against Sri\nLanka in "
            "the third day-night limited overs match of the Singer World\nSeries tournament "
            "on Friday .")
    assert sentences(text) == [text]


def test_a_name_across_a_wrap_stays_in_one_sentence():
    text = ("The meeting took place on Tuesday, when Chancellor Angela\n"
            "Merkel welcomed President Barack Obama to the Chancellery at 5\n"
            "p.m. on Tuesday. Officials from the European Commission joined\n"
            "them.")
    assert sentences(text) == [text[:text.index(" Officials")], text[text.index("Officials"):]]


def test_fields_under_wrapped_text_keep_their_lines():
    """A field's line as wide as the wrapped text above it is full there, and was joined to
    the field under it (`... Vienna office Employer: Siemens`)."""
    text = (textwrap.fill(PARAGRAPH, 72) + "\n\nName: Laura Whitaker, Senior Manager, "
            "Brightwave Consulting Vienna office\nEmployer: Siemens Healthineers AG")
    assert sentences(text)[-2:] == [
        "Name: Laura Whitaker, Senior Manager, Brightwave Consulting Vienna office",
        "Employer: Siemens Healthineers AG"]


def test_a_narrow_column_that_breaks_words_is_wrapped():
    """A newspaper's column, scanned or taken from a PDF, is narrower than any e-mail; its
    words broken at hyphens show it is filled to its width, and a wider running head is no
    measure of it."""
    column = ("THE Prime Minister, John Ma-\njor, and the Labour leader, Tony\nBlair, will "
              "travel to Dunblane to-\nday after a gunman killed 16 chil-\ndren at the "
              "school. The killer,\nnamed by Central Scotland Police\nas Thomas Hamilton, "
              "shot him-\nself in the gymnasium.\n8  THE GUARDIAN  Thursday 14 March 1996")
    assert [unwrapped(s) for s in sentences(column)] == [
        "THE Prime Minister, John Ma- jor, and the Labour leader, Tony Blair, will travel to "
        "Dunblane to- day after a gunman killed 16 chil- dren at the school.",
        "The killer, named by Central Scotland Police as Thomas Hamilton, shot him- self in "
        "the gymnasium.", "8", "THE GUARDIAN", "Thursday 14 March 1996"]  # a head's fields
    # short lines of a list or an address break no words: each is its own
    assert sentences("Anna Schmidt\nSiemens Healthineers\nBerlin Office\nGermany") == [
        "Anna Schmidt", "Siemens Healthineers", "Berlin Office", "Germany"]


@pytest.mark.parametrize("text, expected", [
    # a headline and a dateline above a paragraph whose lines are not wrapped
    ("MERKEL MEETS OBAMA\nBERLIN 1996-08-22\nChancellor Angela Merkel welcomed President "
     "Barack Obama to the Chancellery in Berlin on Tuesday, and they spoke for an hour.\n"
     "Officials said the talks went well.",
     ["MERKEL MEETS OBAMA", "BERLIN 1996-08-22", "Chancellor Angela Merkel welcomed President "
      "Barack Obama to the Chancellery in Berlin on Tuesday, and they spoke for an hour.",
      "Officials said the talks went well."]),
    # lines of similar length, each whole and unpunctuated (headlines, events, lyrics): no
    # line stops mid-sentence, so the text is no wrapped prose (`Texas\nTesla` was one LOC)
    ("Google faces new antitrust suit from the Justice Department in Texas\nTesla recalls "
     "200,000 vehicles over faulty rear cameras in Germany\nAmazon to open second "
     "headquarters campus near Washington Dulles",
     ["Google faces new antitrust suit from the Justice Department in Texas",
      "Tesla recalls 200,000 vehicles over faulty rear cameras in Germany",
      "Amazon to open second headquarters campus near Washington Dulles"]),
    # nor with a blank line after the widest, or one question among them
    ("Google faces new antitrust suit from the Justice Department in Texas\nTesla recalls "
     "200,000 vehicles over faulty rear cameras in Germany\n\nAmazon to open a second "
     "headquarters campus near Washington\nMicrosoft wins a patent case in a California court "
     "in Oakland\nApple to pay a fine over the way it ran its App Store in the Netherlands?\n"
     "Netflix raises its prices for the second time in a year in Britain\nDigest",
     ["Google faces new antitrust suit from the Justice Department in Texas",
      "Tesla recalls 200,000 vehicles over faulty rear cameras in Germany",
      "Amazon to open a second headquarters campus near Washington",
      "Microsoft wins a patent case in a California court in Oakland",
      "Apple to pay a fine over the way it ran its App Store in the Netherlands?",
      "Netflix raises its prices for the second time in a year in Britain", "Digest"]),
    # text whose widest line has no final punctuation: one full line is no wrapping
    ("Draw for the women's 1997 Fed Cup team tennis championships, as conducted at the U.S. "
     "Open on Saturday:\nWorld Group I, first round (March 1-2)\nUnited States at Netherlands",
     ["Draw for the women's 1997 Fed Cup team tennis championships, as conducted at the U.S. "
      "Open on Saturday:", "World Group I, first round (March 1-2)",
      "United States at Netherlands"]),
    # fields in lower case, as a form, YAML or a block of headers writes them, are no prose
    # that goes on, in a block of two or more; a single one after a line may be
    ("name: Angela Merkel\nemployer: CDU\ncity: Berlin",
     ["name: Angela Merkel", "employer: CDU", "city: Berlin"]),
    ("Contact details\ne-mail address: angela@example.com\nx-request-id: 42",
     ["Contact details", "e-mail address: angela@example.com", "x-request-id: 42"]),
    ("The reasons are as\nfollows: first, the cost.", ["The reasons are as follows: first, "
                                                      "the cost."]),
    ("people:\n- name: Angela Merkel\n  employer: CDU\n- name: Olaf Scholz\n  employer: SPD",
     ["people:", "- name: Angela Merkel", "employer: CDU", "- name: Olaf Scholz",
      "employer: SPD"]),
    ("from: Angela Merkel\nto: Olaf Scholz\nsubject: the budget",
     ["from: Angela Merkel", "to: Olaf Scholz", "subject: the budget"]),
    ("Hello there\nname: x\n-", ["Hello there name: x", "-"]),  # a list mark, and no item
    # prose whose lines open with a word and a colon: after `as` or `the` a line goes on, a
    # label does not open with `and`, and a blank line ends the fields around it
    ("Reason: the reasons are as\nfollows: first, the cost.",
     ["Reason: the reasons are as follows: first, the cost."]),
    ("The Chancellor told the\nreporters: the deal is done\nand added: we will sign\nit "
     "on Monday.", ["The Chancellor told the reporters: the deal is done and added: we will "
                    "sign it on Monday."]),
    ("He told me the\nreason: it rained.\n\nnote: bring umbrellas.",
     ["He told me the reason: it rained.", "note: bring umbrellas."]),
    # a list after wrapped text: a list number or a mark opens an item
    (textwrap.fill(PARAGRAPH, 72) + "\n- Angela Merkel, chancellor\n2. Deutsche Bank AG\n"
     "* International Monetary Fund",
     [unwrapped(s) for s in sentences(PARAGRAPH)] + [
         "- Angela Merkel, chancellor", "2. Deutsche Bank AG", "* International Monetary Fund"]),
    # a sign-off and a signature under wrapped text: short lines, never full
    (textwrap.fill(PARAGRAPH, 72) + "\n\nBest,\nMichael\n--\nMichael Chen | Senior Analyst | "
     "Northwind Capital\nTel: +1 555 0100",
     [unwrapped(s) for s in sentences(PARAGRAPH)] + [
         "Best,\nMichael", "--", "Michael Chen", "Senior Analyst", "Northwind Capital",
         "Tel: +1 555 0100"]),
    # a list of bullets after wrapped text
    (textwrap.fill(PARAGRAPH, 72) + "\n\u2022 Angela Merkel, chancellor\n\u2022 Barack Obama",
     [unwrapped(s) for s in sentences(PARAGRAPH)] + [
         "Angela Merkel, chancellor", "Barack Obama"]),
    # an address alone on its line is no measure of the width: the paragraph above it,
    # wrapped at 64 inside "International / Monetary Fund" and "Deutsche / Bank", stays wrapped
    (textwrap.fill(PARAGRAPH, 64) + "\n\nhttps://www.example.com/world/europe/2024/11/30/"
     "merkel-obama-meeting-in-berlin-at-the-chancellery",
     [unwrapped(s) for s in sentences(PARAGRAPH)] + [
         "https://www.example.com/world/europe/2024/11/30/merkel-obama-meeting-in-berlin-at-"
         "the-chancellery"]),
])
def test_what_wrapping_does_not_join(text, expected):
    assert [unwrapped(s) if "\n" in s and "Best," not in s else s for s in sentences(text)] \
        == expected


DISCLAIMER = ("CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and "
              "intended solely for the addressee. If you have received it in error, please "
              "notify the sender and delete it.")


@pytest.mark.parametrize("width", [64, 72, 80])
def test_a_line_written_unwrapped_below_wrapped_text_leaves_it_wrapped(width):
    """A disclaimer on one line is wider than the text's width by far: it is no measure of it,
    and the names across the paragraph's wraps stay whole."""
    text = f"{textwrap.fill(PARAGRAPH, width)}\n\nBest,\nMichael\n\n{DISCLAIMER}"
    assert [unwrapped(s) for s in sentences(text)] == [
        *sentences(PARAGRAPH), "Best, Michael", *sentences(DISCLAIMER)]


def test_each_level_of_an_email_thread_is_wrapped_to_its_own_width():
    """A reply wrapped at 76 above a message wrapped at 60, quoted: at the reply's width the
    quoted lines are never full."""
    reply = ("Thanks, I have forwarded it to the team in Frankfurt. Officials from the "
             "International Monetary Fund will join the call with Deutsche Bank on Friday "
             "afternoon, said Chancellor Angela Merkel.")
    quoted = "\n".join("> " + line for line in textwrap.wrap(PARAGRAPH, 60))
    text = f"{textwrap.fill(reply, 76)}\n\nOn Monday John wrote:\n{quoted}"
    assert [unwrapped(s.replace(">", " ")) for s in sentences(text)] == [
        *sentences(reply), "On Monday John wrote:", *sentences(PARAGRAPH)]


@pytest.mark.parametrize("lines", [
    # a chat whose messages start lower-case under a header, a name and a time
    ["Maria Lopez 10:42 AM",
     "hey team, quick update on the rollout, we are going live next week in Berlin",
     "Kevin O'Neill 10:43 AM",
     "thanks, did you hear back from the folks at the Deutsche Telekom office in Bonn",
     "Maria Lopez  [10:45]",
     "not yet, I pinged them yesterday and will follow up again today with Anna Weber",
     "Priya Shah 10:47 AM", "fyi I'm flying out tomorrow to meet the people at Vodafone"],
    # a transcript: lines as long as wrapped text's, each opening with a time stamp or a
    # speaker in capitals
    ["[00:00:05] ALICE: so last week we talked to the procurement team over at Siemens in",
     "[00:00:12] BOB: right and after that call I also spoke with their manager Daniel",
     "CHEN: okay that matches what I heard from the people at the Frankfurt office of",
     "ALICE: good so the plan is to send the contract to Siemens by the end of March"],
    # a transcript's speakers as people and diarization label them, in any script
    ["John Smith: We flew out to meet the whole team at the bank offices in Frankfurt",
     "Mary Jones: Okay and how did the talks go with the people you met there last week",
     "John Smith: Fine, I spoke with Angela Merkel about the terms and the timetable for"],
    ["Speaker 1: we flew out to meet the whole team at the bank offices in Frankfurt now",
     "Speaker 2: okay and how did the talks go with the people you met there last week",
     "SPEAKER_00: right and after that call I also spoke with their manager Daniel Weber"],
    ["Émile Zola: We flew out to meet the whole team at the bank offices in Frankfurt now",
     "Øyvind Berg: Okay and how did the talks go with the people you met there last week",
     "Émile Zola: Fine, I spoke with Angela Merkel about the terms and the timetable for"],
    # a log
    ["2026-03-01T08:15:02.114Z INFO  [auth-service] User logged in from Frankfurt at Acme",
     "2026-03-01 08:15:07,552 WARN  [payment] Retry 2/5 for Stripe charge (Michael Brown",
     "192.168.1.20 - - [01/Mar/2026:08:18:03 +0000] GET /api/v2/users?name=Paris HTTP/1.1",
     "Mar  1 08:19:22 web01 sshd[2231]: Accepted publickey for deploy from 10.0.4.17 in",
     "08:20:00 INFO [scheduler] Job finished in 4.2s for tenant Deutsche Bank Frankfurt"],
])
def test_lines_of_a_chat_a_transcript_or_a_log_are_no_wrapped_prose(lines):
    # No sentence runs across a line (a speaker's label is a sentence of its own: below).
    text = "\n".join(lines)
    by_line: dict[int, list[str]] = {}
    for start, end in split_sentences(text):
        assert "\n" not in text[start:end]
        by_line.setdefault(text.count("\n", 0, start), []).append(text[start:end])
    assert [" ".join(parts) for _, parts in sorted(by_line.items())] == lines


def test_a_speakers_label_is_a_sentence_of_its_own():
    """Read with the turn after it, the label led the model to take the turn's greeting
    into a name: `David Okafor: Hi Priya` gave PER `Hi Priya`."""
    text = ("David Okafor: Hi Priya, it's David.\nPriya Shah: Thanks David.\nDavid Okafor: "
            "Fine.\nALICE: hi bob\n[00:00:05] BOB: yes")
    assert sentences(text) == ["David Okafor:", "Hi Priya, it's David.", "Priya Shah:",
                               "Thanks David.", "David Okafor:", "Fine.", "ALICE:", "hi bob",
                               "[00:00:05] BOB: yes"]
    # a single label of prose in any case is no speaker's, nor a heading's in capitals
    assert sentences("Germany: the talks went well") == ["Germany: the talks went well"]
    assert sentences("NBA: Celtics 118, Knicks 109") == ["NBA: Celtics 118, Knicks 109"]


@pytest.mark.parametrize("label", ["Germany", "Reuters", "Step 2", "Acme Corp"])
def test_one_line_of_wrapped_prose_opening_with_a_label_is_no_speakers(label):
    text = ("The minister said the talks with the delegation from the neighbouring country had\n"
            "gone well and that both sides had agreed on a timetable for the next round with\n"
            f"{label}: officials in Berlin would host the meeting in March, she told reporters\n"
            "at a press conference in the capital on Friday after the talks had ended there.")
    assert sentences(text) == [text]


def test_a_page_break_after_a_lines_end_is_one_line_break():
    lines = ["The European Commission announced on Tuesday that it had opened a formal",
             "investigation into the proposed merger between Siemens AG and Alstom SA, two of",
             "the largest rail equipment makers in Europe, and Competition Commissioner Margrethe",
             "Vestager said the Commission would examine whether the deal would reduce choice."]
    for page_break in ["\n\f", "\r\n\f"]:
        text = "\n".join(lines[:3]) + page_break + lines[3]
        assert sentences(text) == [text]
    assert sentences("One.\n\f\nTwo") == ["One.", "Two"]


@pytest.mark.parametrize("mark", ["\t", " | "])
def test_a_tables_rows_are_no_wrapped_prose_however_wide(mark):
    rows = [["Name", "Company", "Notes"],
            ["Angela Merkel", "CDU", "met the delegation twice last year in the chancellery in"],
            ["Aisha Okonkwo", "Dangote Group", "leads the retail division and the new office in"],
            ["Tim Cook", "Apple", "keynote speaker at the conference, arrives on Monday"]]
    text = "\n".join(mark.join(row) for row in rows)
    assert sentences(text) == [cell for row in rows for cell in row]


def test_a_lists_items_near_the_width_are_no_sign_of_wrapping():
    """A CV's bullets, each as long as what it says: read as wrapped text, the last ran into
    the line after it (`Poznan\nSiemens AG` one ORG)."""
    lines = ["\u2022 Designed the streaming platform on Apache Kafka and Google Cloud",
             "\u2022 Managed a team of six engineers across Warsaw and Krakow today",
             "\u2022 Migrated reporting from Oracle to BigQuery for clients in Poznan",
             "Siemens AG, Munich", "Data Engineer, 2016 - 2018"]
    assert sentences("\n".join(lines)) == [line.lstrip("\u2022 ") for line in lines]


def test_an_outlines_marks_open_their_lines_and_end_no_sentence():
    """`II. BACKGROUND` was cut after `II.` (a full stop before a capital); `I.`, an
    initial to the tokenizer, kept its heading whole. In wrapped prose a line that opens with
    a mark is an item of its own, as one that opens with `2.` is."""
    prose = textwrap.fill("The parties met in Geneva on Tuesday and agreed on the terms of "
                          "the settlement which the court in Munich approved", 72)
    text = (f"I. INTRODUCTION\n{prose}\nII. BACKGROUND\nIII. ARGUMENT\n"
            "A. Northwind Traders Ltd. owns it.\nB. Standing\nC. Remedies")
    assert [unwrapped(s) for s in sentences(text)] == [
        "I. INTRODUCTION", unwrapped(prose), "II. BACKGROUND", "III. ARGUMENT",
        "A. Northwind Traders Ltd. owns it.", "B. Standing", "C. Remedies"]


@pytest.mark.parametrize("text, marks", [
    # IV. comes after a gap: III) is of another series
    ("I. Intro\nx\n  II. Facts\nIII) no\nIV. Law\nI. Again", {0: 1, 13: 2, 39: 1}),
    ("i) one\nii) two\nv) five", {0: 1, 7: 2}),
    ("A. one\nB. two\nC. three\nE. five\nF. six", {0: 1, 7: 2, 14: 3}),
    ("H. Smith\nI. Jones\nJ. Brown", {}),    # initials: no series from its first letters
    ("A. Smith\nB. Jones", {}),                # two letters may be two initials
    # a mark of both series is the Roman numeral
    ("A. a\nB. b\nC. c\nD. d\nE. e\nF. f\nG. g\nH. h\nI. i\nII. j",
     {**{5 * k: k + 1 for k in range(8)}, 40: 1, 45: 2}),
    ("II. Facts\nIII. Law", {}),               # no I.: maybe a quoted part of an outline
    # an interview's Q. and A., three lines or more with a question; not authors' initials
    ("Q. Why?\nA. So.\nQ. And?", {0: 1, 8: 1, 15: 1}),
    ("Authors:\nA. Kumar\nQ. Zhang\nR. Patel", {}),
    ("Report by\nA. Smith\n\nQ. What?", {}),
    ("I.\nII. Facts\nX.Y. z\nI.e. no", {}),  # a mark is followed by its heading
])
def test_an_outline_shows_in_a_series_from_its_first_marks(text, marks):
    assert outline_marks(text) == marks


@pytest.mark.parametrize("indent", ["", "  "])
def test_a_wrapped_item_goes_on_onto_its_next_lines(indent):
    """Its next lines are indented under it, or not (CoNLL-2003's own lists)."""
    items = ["- Speaker of parliament Habib Boulares arrives in Tripoli to represent President "
             "Zine al-Abidine Ben Ali at the Libyan revolution anniversary celebrations.",
             "- The talks between Chancellor Angela Merkel and the delegation from the "
             "International Monetary Fund resumed today in Berlin."]
    text = "\n".join(textwrap.fill(item, 72, subsequent_indent=indent) for item in items)
    assert [unwrapped(s) for s in sentences(text + "\nLE TEMPS")] == [*items, "LE TEMPS"]


def test_a_running_header_padded_to_the_page_is_no_wrapped_line():
    """A PDF's header, as wide as the page: read as the widest, full line, it ran into the
    paragraph under it (`Deutsche Bank\nSiemens` one ORG). Its gap, wider than justification
    leaves, parts its fields as a table's cells."""
    header = "Page 7" + " " * 58 + "Annual Report of Deutsche Bank"
    text = f"{textwrap.fill(PARAGRAPH, 90)}\n{header}\n{textwrap.fill(PARAGRAPH, 90)}"
    assert [unwrapped(s) for s in sentences(text)] == [
        *sentences(PARAGRAPH), unwrapped(header), *sentences(PARAGRAPH)]


def test_gaps_wider_than_justification_leaves_part_cells():
    """A programme's columns laid out with spaces, where no alignment across lines shows
    them: the cells ran into one ORG (`Stanford University        Auditorium`). Justified
    text leaves narrower gaps, and they part nothing; nor does one wide gap alone, a typo's,
    nor one after a comma or a title."""
    programme = ("Fei-Fei Li, Stanford University        Auditorium Gold\n"
                 "Lunch                                  Piazza Terrace")
    assert sentences(programme) == [
        "Fei-Fei Li, Stanford University", "Auditorium Gold", "Lunch", "Piazza Terrace"]
    for text in ["Chancellor  Angela   Merkel  welcomed      President Barack Obama.",
                 "Meeting with John          Smith at 10 am.\nLunch with Maria        Garcia.",
                 "The Prime Minister,       Tony Blair, arrived.\nDear Mr.        Johnson, hi"]:
        assert sentences(text) == text.split("\n")


def test_a_subtitles_cue_is_read_as_wrapped_text():
    """A cue's lines are short, so the text never counts as wrapped: `Our correspondent Tom` /
    `Whitaker is there.` was two sentences and two people."""
    text = ("3\n00:00:08,600 --> 00:00:11,900\nOur correspondent Tom\nWhitaker is there.\n\n"
            "4\n00:00:12,300 --> 00:00:15,000\n- Tom, what can you see?\n- Rachel, it rises.\n\n"
            "00:15.400 --> 00:18.800 align:start\nThe Spanish Red Cross says\nit has opened "
            "shelters.")
    # and a file that leaves out the blank line between cues
    assert sentences("1\n00:00:01,000 --> 00:00:04,000\nChancellor Angela\nMerkel arrived\n2\n"
                     "00:00:04,500 --> 00:00:07,000\nin Paris and met\nPresident Macron.") == [
        "1", "00:00:01,000 --> 00:00:04,000", "Chancellor Angela\nMerkel arrived", "2",
        "00:00:04,500 --> 00:00:07,000", "in Paris and met\nPresident Macron."]
    assert sentences(text) == [
        "3", "00:00:08,600 --> 00:00:11,900", "Our correspondent Tom\nWhitaker is there.",
        "4", "00:00:12,300 --> 00:00:15,000", "- Tom, what can you see?", "- Rachel, it rises.",
        "00:15.400 --> 00:18.800 align:start",
        "The Spanish Red Cross says\nit has opened shelters."]


@pytest.mark.parametrize("text", ["Doors Open 18:00\nand dinner follows.",
                                  "As in John 3:16\nwhich says so."])
def test_one_line_of_a_name_and_a_time_is_no_chat(text):
    assert sentences(text) == [text]


def test_a_time_in_prose_is_no_chat_header():
    text = ("The talks between the two delegations in Berlin will resume at\n"
            "the Chancellery on Tuesday morning, said the spokesman at 10:42\n"
            "and officials from the International Monetary Fund will join them\n"
            "later in the day.")
    assert sentences(text) == [text]


def test_the_quoted_lines_of_an_email_reply_wrap_as_any_other():
    quoted = "\n".join("> " + line for line in textwrap.wrap(PARAGRAPH, 64))
    text = "Agreed, see below.\n\nOn Monday John wrote:\n" + quoted
    assert [unwrapped(s.replace(">", " ")) for s in sentences(text)] == [
        "Agreed, see below.", "On Monday John wrote:", *sentences(PARAGRAPH)]


# -- Tables laid out with spaces --------------------------------------------------------------

TABLE = ("Name            Company          City\n"
         "John Smith      IBM              New York\n"
         "Maria Garcia    Siemens          Munich")


@pytest.mark.parametrize("text, expected", [
    # three lines sharing two columns: each cell and each row ends
    (TABLE, ["Name", "Company", "City", "John Smith", "IBM", "New York", "Maria Garcia",
             "Siemens", "Munich"]),
    # quoted in an e-mail reply, and indented
    ("> " + TABLE.replace("\n", "\n> "), ["Name", "Company", "City", "John Smith", "IBM",
                                          "New York", "Maria Garcia", "Siemens", "Munich"]),
    ("  " + TABLE.replace("\n", "\n  "), ["Name", "Company", "City", "John Smith", "IBM",
                                          "New York", "Maria Garcia", "Siemens", "Munich"]),
    # a line ruled under the header is neither a row nor a break between rows
    ("Name          Joined\n------------  ----------\nJohn Smith    2021-03-04\n"
     "Maria Garcia  2019-11-12\nYuki Tanaka   2020-01-15",
     ["Name", "Joined", "------------  ----------", "John Smith", "2021-03-04", "Maria Garcia",
      "2019-11-12", "Yuki Tanaka", "2020-01-15"]),
    # a cell that fills its column, followed by a single space, stays a cell of its own
    ("PID   USER     COMMAND\n1     root     init\n214   www-data nginx: worker process\n"
     "3321  alice    python train.py",
     ["PID", "USER", "COMMAND", "1", "root", "init", "214", "www-data", "nginx: worker process",
      "3321", "alice", "python train.py"]),
    # one column needs four lines: three are not enough, and neither is a gap of up to six
    # spaces; wider ones part cells on two lines or more
    ("Country     Capital\nGermany     Berlin\nFrance      Paris",
     ["Country     Capital", "Germany     Berlin", "France      Paris"]),
    ("Country        Capital\nGermany        Berlin\nFrance         Paris",
     ["Country", "Capital", "Germany", "Berlin", "France", "Paris"]),
    ("Country        Capital\n=====================\nGermany        Berlin\n"
     "France         Paris\nUnited States  Washington",
     ["Country", "Capital", "=====================", "Germany", "Berlin", "France", "Paris",
      "United States", "Washington"]),
    # ruled with underscores, which the tokenizer reads as whitespace
    (TABLE.replace("\n", "\n______________  _______________  ________\n", 1),
     ["Name", "Company", "City", "John Smith", "IBM", "New York", "Maria Garcia", "Siemens",
      "Munich"]),
    # rows ending in CRLF
    (TABLE.replace("\n", "\r\n") + "\r\n", ["Name", "Company", "City", "John Smith", "IBM",
                                            "New York", "Maria Garcia", "Siemens", "Munich"]),
    # an empty cell keeps its column going
    ("Name            Company          City\nJohn Smith                       New York\n"
     "Maria Garcia    Siemens          Munich\nYuki Tanaka     Sony             Tokyo",
     ["Name", "Company", "City", "John Smith", "New York", "Maria Garcia", "Siemens", "Munich",
      "Yuki Tanaka", "Sony", "Tokyo"]),
    # a cell that runs past its column, a word landing on the next one, stays whole
    ("Speaker         Topic\nJohn Smith      Budget\nMaria Garcia    Trade\n"
     "Jean-Claude Van Damme\nYuki Tanaka     Energy",
     ["Speaker", "Topic", "John Smith", "Budget", "Maria Garcia", "Trade",
      "Jean-Claude Van Damme", "Yuki Tanaka", "Energy"]),
    # a table as wide as wrapped text, two rows of which are one character apart in length
    ("Name                    Organisation                    City\n"
     "Angela Merkel           Christian Democratic Union      Berlin\n"
     "Satya Nadella           Microsoft Corporation           Seattle\n"
     "Tim Cook                Apple Inc.                      Munich",
     ["Name", "Organisation", "City", "Angela Merkel", "Christian Democratic Union", "Berlin",
      "Satya Nadella", "Microsoft Corporation", "Seattle", "Tim Cook", "Apple Inc.",
      "Munich"]),
    # a table in lower case after a line that goes on: the line ends where the table starts
    ("Listed below, with their\n" + TABLE.lower(),
     ["Listed below, with their", "name", "company", "city", "john smith", "ibm", "new york",
      "maria garcia", "siemens", "munich"]),
    ("IBM              New York", ["IBM              New York"]),
    ("Harry   Potter visited London.", ["Harry   Potter visited London."]),
    # lines that share no column, or are kept apart by a blank line, are no table
    ("John Smith      IBM\nNew York  is big\nMaria   Garcia left.",
     ["John Smith      IBM", "New York  is big", "Maria   Garcia left."]),
    ("Name    City\n\nJohn    Paris\n\nMaria   Rome\n\nYuki    Tokyo",
     ["Name    City", "John    Paris", "Maria   Rome", "Yuki    Tokyo"]),
])
def test_tables_laid_out_with_spaces(text, expected):
    assert sentences(text) == expected


def justified(lines: list[str], width: int, rng: random.Random | None) -> list[str]:
    """The lines of a paragraph (but its last) spread to ``width``: evenly, as a word
    processor does, or with ``rng`` as ``pdftotext -layout`` does, each gap one to a few
    spaces and the lines a character longer or shorter."""
    spread = []
    for k, line in enumerate(lines):
        words = line.split(" ")
        if k == len(lines) - 1 or len(words) < 2:
            spread.append(line)
            continue
        gaps = len(words) - 1
        extra = width - len(line) + (rng.choice([-1, 0, 0, 1]) if rng else 0)
        if rng:
            widths = [1] * gaps
            for _ in range(max(extra, 0)):
                widths[rng.randrange(gaps)] += 1
        else:
            widths = [1 + extra // gaps + (i < extra % gaps) for i in range(gaps)]
        spread.append("".join(word + " " * n for word, n in zip(words, widths)) + words[-1])
    return spread


@pytest.mark.parametrize("width, spread_to, uneven", [
    (72, 72, False), (72, 72, True), (72, 80, True), (60, 66, True), (65, 80, True),
    (40, 40, False), (48, 48, False)])
def test_justified_text_is_no_table(validation_documents, monkeypatch, width, spread_to, uneven):
    """The validation documents as paragraphs wrapped and justified: their aligned gaps are
    coincidences, and neither table rule (columns lined up, rows of capitalised cells) may
    end a sentence at one. (Narrow text spread
    unevenly is the rule's weak spot: 40 characters spread to 44 gets table edges in 28 of the
    216 documents; narrow text is split at its line breaks anyway, as it is never taken for
    wrapped text.)"""
    rng = random.Random(1) if uneven else None
    texts = ["\n".join(justified(textwrap.wrap(" ".join(" ".join(s) for s in document), width,
                                               break_long_words=False, break_on_hyphens=False),
                                 spread_to, rng))
             for document in validation_documents]
    with_rule = [split_sentences(text) for text in texts]
    monkeypatch.setattr("model.sentences._Splitter._table_edges", lambda self: set())
    monkeypatch.setattr("model.sentences._Splitter._runs_in_capitalised_rows", lambda self: [])
    assert with_rule == [split_sentences(text) for text in texts]


def test_a_quote_mark_inside_a_line_stays_a_token_in_a_sentence_tokenized_alone():
    # The middle sentence ends on an abbreviation, so it is tokenized again on its own, where
    # its ">" opens the piece of text but no line of the document.
    text = "Smith \u2022 > 5 on Jan. He left."
    tokens, ranges = tokenize_sentences(text)
    assert [" ".join(token for token, _, _ in tokens[a:b]) for a, b in ranges] == [
        "Smith", "> 5 on Jan .", "He left ."]


def test_wrapped_text_without_capitals_is_split_at_its_full_stops():
    text = textwrap.fill(PARAGRAPH.lower(), 72)
    assert [unwrapped(s) for s in sentences(text)] == sentences(PARAGRAPH.lower())


def test_offsets_are_trimmed_and_point_into_the_text():
    text = "  He left.\r\n\tShe stayed.  "
    assert split_sentences(text) == [(2, 10), (13, 24)]


# -- Offsets hold for any text -----------------------------------------------------------------

FRAGMENTS = [
    ". ", "? ", "! ", "... ", "\u2026 ", '." ', '" ', " \" ", ".) ", ") ", "( ", "'", "\u201d ",
    "U.S. ", "Inc. ", "p.m. ", "J. ", "No. ", "1. ", "3.5 ", "a@b.co. ", "www.x.org. ",
    "The ", "He ", "the ", "Smith ", "\n", "\r\n", "\n\n", "\u2029", "\u2028", "\t", "\u00a0",
    ", ", "; ", "pro- ", "\u2022 ", "\u200b", "| ", "\n> ", ">> ", "\nRe: ", "\nCc:",
    "Subject: Fwd: ",
    ",b", "1,",
]
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
TEXT = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY_CHARACTER, max_size=6)), max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_sentences_cover_every_non_whitespace_character_once_in_order(text):
    spans = split_sentences(text)
    token_starts = {start for _, start, _ in tokenize(text)}
    token_ends = {end for _, _, end in tokenize(text)}
    blank = blank_separators(text)  # separators, e-mail quote marks and header marks as spaces
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end, (spans, text)
        assert not blank[start].isspace() and not blank[end - 1].isspace()
        assert start in token_starts and end in token_ends, "a sentence cuts a token"
        covered[start:end] = [True] * (end - start)
        previous_end = end
    assert all(covered[i] or c.isspace() for i, c in enumerate(blank))
    assert split_sentences(text) == spans  # deterministic


def test_long_runs_of_quotes_and_brackets_take_linear_time():
    # Quadratic look-ahead or look-behind would take minutes here; linear takes well under one
    # second. Not a timing assertion: a quadratic splitter would simply make this test hang.
    for unit in ['" ', "( ", "'\n", ") . "]:
        text = unit * 50_000
        assert "".join(sentences(text)).replace(" ", "").replace("\n", "") == text.replace(
            " ", "").replace("\n", "")


@pytest.mark.parametrize("text", [
    "a" + " " * 100_000 + "B: c",                                 # two spaces before a label
    '","' * 33_334,                                               # empty CSV fields
    ("-," * 25_000 + "a\n") * 2,
    "00:01:02,500 --> 00:01:05,000\nab\n" * 3_000,                # cues without blank lines
    "a" * 100_000 + ".com/x " + "ab.cd/e " * 10_000,              # addresses without scheme
    "He left." + "[1]" * 30_000 + " Then" + " a.[b]" * 10_000,     # citation marks
    "(a.com/" * 15_000,                                           # addresses in one run
    "By A B C D " + "X (AP) - Y " * 10_000,                       # credits without a date
    "I. a\nII. b\nA. c\nB. d\nC. e\n" * 4_000,                     # an outline's marks
    "He left at 10 a.m. " * 5_000 + "(1 (2 (3 oz.) " * 5_000,      # times, amounts
    "x" * 60 + "\n" + "Google faces a suit in Texas today and more\n" * 2_000,  # digests
    "a/" * 50_000 + "!", "-a " * 30_000, "C:\\" + "a\\" * 50_000 + "!",  # paths, flags
    "x://" + "a" * 100_000 + ")](",                               # an address of any scheme
    "# a\n" * 25_000, "//" * 50_000 + "\n// a",                     # comments
])
def test_the_rules_for_real_world_text_take_linear_time(text):
    # The same: the first versions took 131 s, 55 s, 36 s and minutes on these (the review of
    # 2026-12-01); linear, each takes well under a second. Not a timing assertion.
    spans = split_sentences(text)
    assert spans and all(start < end for start, end in spans)


def test_a_table_of_100_000_characters_takes_linear_time():
    # The same: a table's rows each looking back over all the rows before them took 48
    # seconds for the first text; linear takes under one.
    assert len(sentences("a  b\n" * 20_000)) == 40_000
    rows = "\n".join(f"Name{i:05d}      Company{i:05d}      City{i:05d}" for i in range(2_700))
    assert len(sentences(rows)) == 3 * 2_700


# -- Sentence boundaries of CoNLL-2003 validation documents ----------------------------------


def boundary_counts(documents, separator, wrap_width=None):
    """Rebuild each document's text (tokens joined by spaces, sentences by ``separator``, each
    sentence wrapped into lines of ``wrap_width`` if given), split it, and count gold
    boundaries found and spurious ones. Boundaries that follow . ? or ! are counted apart too:
    without line breaks they are the only ones with a signal."""
    counts = dict.fromkeys(["gold", "found", "spurious", "gold_punctuated", "found_punctuated"], 0)
    for document in documents:
        starts, position = {}, 0
        for sentence in document:
            starts[position] = sentence
            position += len(" ".join(sentence)) + len(separator)
        lines = [" ".join(sentence) for sentence in document]
        if wrap_width:  # a line break for a space: the offsets stay
            lines = [textwrap.fill(line, wrap_width, break_long_words=False,
                                   break_on_hyphens=False) for line in lines]
        text = separator.join(lines)
        predicted = {start for start, _ in split_sentences(text)[1:]}
        previous = document[0]
        for start, sentence in list(starts.items())[1:]:
            punctuated = ends_with_punctuation(previous)
            counts["gold"] += 1
            counts["gold_punctuated"] += punctuated
            counts["found"] += start in predicted
            counts["found_punctuated"] += punctuated and start in predicted
            previous = sentence
        counts["spurious"] += len(predicted - starts.keys())
    return counts


def ends_with_punctuation(sentence):
    words = [word for word in sentence if word not in ('"', "'", ")")]
    return bool(words) and words[-1] in (".", "?", "!")


@pytest.fixture(scope="module")
def validation_documents(conll_dir):
    return [[list(s.tokens) for s in document] for _, document in
            itertools.groupby(read_conll(conll_dir / "valid.txt"), key=lambda s: s.document)]


def report(separator, counts):
    print(f"\nsentences joined by {separator!r}: {counts['found']}/{counts['gold']} boundaries "
          f"found, {counts['spurious']} spurious; after . ? !: "
          f"{counts['found_punctuated']}/{counts['gold_punctuated']} found")


def test_one_sentence_a_line_finds_conll_boundaries(validation_documents):
    counts = boundary_counts(validation_documents, "\n")
    report("\n", counts)
    assert len(validation_documents) > 200
    # Measured: 2954/3034 found, 3 spurious. The misses are lines that CoNLL cut out of
    # wrapped text ("Leading scores in" / "the $ 1.2 million ...", "Michael Bevan , Damien" /
    # "Flemming , ..."), which the rules for wrapped prose join on purpose.
    assert counts["found"] >= 0.96 * counts["gold"]
    assert counts["spurious"] <= 10


def test_wrapped_text_finds_the_boundaries_of_one_sentence_a_line(validation_documents):
    counts = boundary_counts(validation_documents, "\n", wrap_width=72)
    report("\n, wrapped at 72", counts)
    # Measured: 2948/3034 found, 22 spurious (one sentence a line: 2954 and 3); 5 of the
    # spurious are a tennis report wrapped before a name at nearly every line, which the
    # guard against digests of headlines reads as unwrapped. Before the rule for wrapped
    # text, each wrap before a capitalised word ended a sentence.
    assert counts["found"] >= 0.96 * counts["gold"]
    assert counts["spurious"] <= 30


def test_space_joined_text_finds_conll_boundaries_after_punctuation(validation_documents):
    counts = boundary_counts(validation_documents, " ")
    report(" ", counts)
    # Measured: 2121/3034 found, 65 spurious; 1672 of the 1737 boundaries after . ? ! are
    # found, and 62 more are a '"' away (CoNLL ends a sentence with the quote that opens the
    # next one). Datelines are found by their shape; headlines without a full stop and table
    # rows have no signal left once the line breaks are gone.
    assert counts["found_punctuated"] >= 0.95 * counts["gold_punctuated"]
    assert counts["found"] >= 0.68 * counts["gold"]
    assert counts["spurious"] <= 100


# -- Datelines inside a sentence --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a place and a month's date inside a line belong to its sentence: the place ends a
    # phrase (a lower-case word or a title-case name before it), and no line, sentence or
    # byline opens before it
    *[(text, [text]) for text in [
        "He won the Bahrain GP, Sakhir, March 2.",
        "Next race: Emilia-Romagna GP, Imola, May 17\u201319.",
        "The notice was issued by the RBI Jan 16, 2024, and HDFC Bank complied.",
        "Shares of Apple rose after the FOMC Jan. 31.",
        "US 2022/0285741 A1 Sep. 8, 2022",
        "Filed by the FDA 2024-01-16 The agency said",
    ]],
    ("Rd 1 \u2014 Bahrain GP, Sakhir, March 2\nRd 2 \u2014 Saudi Arabian GP, Jeddah, March 9",
     ["Rd 1 \u2014 Bahrain GP, Sakhir, March 2", "Rd 2 \u2014 Saudi Arabian GP, Jeddah, March 9"]),
    ("Delegates from the IMF, Washington, May 3. Talks went on.",
     ["Delegates from the IMF, Washington, May 3.", "Talks went on."]),
    ("The merger was approved by the FCC Nov. 3, 2023. Shares of Verizon rose.",
     ["The merger was approved by the FCC Nov. 3, 2023.", "Shares of Verizon rose."]),
    # ... while a month's dateline still opens a line, follows a sentence or a byline, or
    # carries an agency's credit and a dash, and CoNLL's ISO dateline follows a byline
    ("IMF, Washington, May 3 Talks went on.", ["IMF, Washington, May 3", "Talks went on."]),
    ("Talks ended. LONDON, Aug 30 Shares rose.",
     ["Talks ended.", "LONDON, Aug 30", "Shares rose."]),
    ("By Lisa Mascaro WASHINGTON, Aug 30 - Talks began.",
     ["By Lisa Mascaro", "WASHINGTON, Aug 30 -", "Talks began."]),
    ("Oil rises on supply fears LONDON, Aug 30 (Reuters) - Oil rose.",
     ["Oil rises on supply fears", "LONDON, Aug 30 (Reuters) -", "Oil rose."]),
    ("Adrian Warner BERLIN 1996-08-30 American Dennis Mitchell won.",
     ["Adrian Warner", "BERLIN 1996-08-30", "American Dennis Mitchell won."]),
])
def test_datelines_inside_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a press release's dateline naming two places with "and" or "&" is one dateline
    ("DALLAS and MINNEAPOLIS, June 3, 2024 /PRNewswire/ -- Castellan Industries, Inc. "
     "announced a deal.",
     ["DALLAS and MINNEAPOLIS, June 3, 2024 /PRNewswire/ --",
      "Castellan Industries, Inc. announced a deal."]),
    ("The deal closed. SAN FRANCISCO and LONDON, June 3, 2024 - Acme announced a deal.",
     ["The deal closed.", "SAN FRANCISCO and LONDON, June 3, 2024 -", "Acme announced a deal."]),
    ("TORONTO, ON and VANCOUVER, BC, June 3, 2024 /CNW/ - Acme Corp. announced a deal.",
     ["TORONTO, ON and VANCOUVER, BC, June 3, 2024 /CNW/ -", "Acme Corp. announced a deal."]),
    # ... but not names joined in a sentence, nor a headline's upper-case run
    *[(text, [text]) for text in [
        "Shares of Acme and IBM, June 3, 2024 rose.",
        "Talks between FIFA and UEFA 1996-08-30 The talks ended.",
        "RESULTS OF ARSENAL AND CHELSEA, June 3 Fans",
    ]],
])
def test_datelines_naming_two_places(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # Business Wire's dateline: a place, its credit between dashes and the story glued on
    ("SEATTLE--(BUSINESS WIRE)--Amazon.com, Inc. announced a deal.",
     ["SEATTLE--(BUSINESS WIRE)--", "Amazon.com, Inc. announced a deal."]),
    ("Acme rose.\nNEW YORK & LONDON--(BUSINESS WIRE)--Acme Corp. announced a deal.",
     ["Acme rose.", "NEW YORK & LONDON--(BUSINESS WIRE)--", "Acme Corp. announced a deal."]),
    # (and an agency's credit between dashes, as some wires write it)
    ("WASHINGTON -- (AP) -- The Senate voted.", ["WASHINGTON -- (AP) --", "The Senate voted."]),
    # ... but not a name's inside a sentence, nor before a lower-case word, and a dash typed
    # without spaces still ends nothing elsewhere
    *[(text, [text]) for text in [
        "He wrote for IBM--(BUSINESS WIRE)--Acme Corp. announced a deal.",
        "SEATTLE--(BUSINESS WIRE)--about a deal.",
        "SEATTLE--Amazon.com, Inc. announced a deal.",
    ]],
])
def test_business_wire_datelines(text, expected):
    assert sentences(text) == expected


# -- Fields and speakers: numbered labels, labels with a slash or `#`, a value before a label,
# a label under a heading, a name's initial after a label --------------------------------------


@pytest.mark.parametrize("text, expected", [
    # a numbered label opening one line each is a field's, whatever its value: a guide's days,
    # a trademark's classes, a tender's lots, a series' episodes
    ("Day 1: Alfama\nDay 2: Bel\u00e9m and LX Factory\nAddress: R. da Madre de Deus 4",
     ["Day 1: Alfama", "Day 2: Bel\u00e9m and LX Factory", "Address: R. da Madre de Deus 4"]),
    ("Owner: Brightwater Beverages LLC\nClass 032: Sparkling water.\nClass 033: Hard seltzer.",
     ["Owner: Brightwater Beverages LLC", "Class 032: Sparkling water.",
      "Class 033: Hard seltzer."]),
    ("Tender: Stadtwerke Mannheim\nLot 1: Water pipes for Mannheim.\n"
     "Lot 2: Smart meters for Mannheim city.",
     ["Tender: Stadtwerke Mannheim", "Lot 1: Water pipes for Mannheim.",
      "Lot 2: Smart meters for Mannheim city."]),
    ("Episode 3: The Long Night\nEpisode 4: Winterfell burns again tonight.\n"
     "Director: Miguel Sapochnik",
     ["Episode 3: The Long Night", "Episode 4: Winterfell burns again tonight.",
      "Director: Miguel Sapochnik"]),
    # a label that opens two lines, one turn of speech among them, is a credit's field
    ("Guest: Dr. Maya Patel\nHost: Jordan Lee\nCamera: Chris Wong\n"
     "Camera: Sam Rivera and the Northside crew\nMic: Shure SM7B",
     ["Guest: Dr. Maya Patel", "Host: Jordan Lee", "Camera: Chris Wong",
      "Camera: Sam Rivera and the Northside crew", "Mic: Shure SM7B"]),
    # near misses: speakers numbered as transcripts number them, or whose number comes again,
    # and a speaker with two turns of speech
    ("Caller 1: Hi, is this the Acme help desk?\nCaller 2: Yes, this is Maria Lopez.",
     ["Caller 1:", "Hi, is this the Acme help desk?", "Caller 2:", "Yes, this is Maria Lopez."]),
    ("SPEAKER_00: we met in Berlin\nSPEAKER_01: and then in Bonn",
     ["SPEAKER_00:", "we met in Berlin", "SPEAKER_01:", "and then in Bonn"]),
    ("Delegate 3: I saw him in Leeds.\nDelegate 5: No.\nDelegate 3: He was there.",
     ["Delegate 3:", "I saw him in Leeds.", "Delegate 5:", "No.", "Delegate 3:",
      "He was there."]),
    ("Anna Weber: Where were you?\nTom Berg: In Bonn.\nAnna Weber: Why?",
     ["Anna Weber:", "Where were you?", "Tom Berg:", "In Bonn.", "Anna Weber:", "Why?"]),
])
def test_numbered_labels_and_credits_are_fields_not_speakers(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a field's label with a slash, dots or `#`, after two spaces or more in a line of fields
    ("Consultant: Dr. Rao        Ward/Bed: Nightingale 3",
     ["Consultant: Dr. Rao", "Ward/Bed: Nightingale 3"]),
    ("Ref. by: Dr. Mehta        Dept/Unit: Cardiology",
     ["Ref. by: Dr. Mehta", "Dept/Unit: Cardiology"]),
    ("Case #: 24018832   Name: Rosa Delgado", ["Case #: 24018832", "Name: Rosa Delgado"]),
    ("Name: Rosa Delgado   Age/Sex: 54/F\nIP/OP No: 7781   Room/Bed: 4 (left side)",
     ["Name: Rosa Delgado", "Age/Sex: 54/F", "IP/OP No: 7781", "Room/Bed: 4 (left side)"]),
    ("Acct#: 88213  D.O.B.: 01/02/1980", ["Acct#: 88213", "D.O.B.: 01/02/1980"]),
    # near misses: one space before the label, no colon after the word, a lower-case label
    ("Consultant: Dr. Rao Ward/Bed: Nightingale 3",
     ["Consultant: Dr. Rao Ward/Bed: Nightingale 3"]),
    ("Consultant: Dr. Rao   on call Mon/Tue", ["Consultant: Dr. Rao   on call Mon/Tue"]),
    ("Note: see Berlin   and/or: Bonn", ["Note: see Berlin   and/or: Bonn"]),
])
def test_labels_with_a_slash_or_a_hash_part_a_line_of_fields(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a line that opens with a field's value, its label left out, then three spaces or more
    # and a labelled field
    ("Maria Lopez      DOB: 01/02/1980", ["Maria Lopez", "DOB: 01/02/1980"]),
    ("ALEXANDRA M RIVERA          Account Number: 000000123456789\nStatement period: May 2024",
     ["ALEXANDRA M RIVERA", "Account Number: 000000123456789", "Statement period: May 2024"]),
    ("Invoice 2024-118   Due Date: 15 March 2024", ["Invoice 2024-118", "Due Date: 15 March 2024"]),
    # near misses: two spaces, which justified text puts between words too; a line whose gaps
    # are all wider than one space (justified); a lower-case label
    ("the talks with the  delegation  and  Germany: agreed on a date",
     ["the talks with the  delegation  and  Germany: agreed on a date"]),
    ("the  talks   went  well  in   Germany:  they  agreed",
     ["the  talks   went  well  in   Germany:  they  agreed"]),
    ("Maria Lopez      dob: 01/02/1980", ["Maria Lopez      dob: 01/02/1980"]),
])
def test_a_value_then_a_wide_gap_then_a_labelled_field_are_two_fields(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # in wrapped text, a line that heads a block of fields, a capitalised label opening each
    # of the two lines under it, ends before them
    ("Round 7 of the Tata Steel Masters in Wijk aan Zee, played in the De Moriaan\n"
     "Arbiter: Pavel Votruba. Live commentary on Chess24 with Jan Gustafsson.\n"
     "Pairings: Giri v Gukesh, Firouzja v Abdusattorov, Wei Yi v Nepomniachtchi.\n",
     ["Round 7 of the Tata Steel Masters in Wijk aan Zee, played in the De Moriaan",
      "Arbiter: Pavel Votruba.", "Live commentary on Chess24 with Jan Gustafsson.",
      "Pairings: Giri v Gukesh, Firouzja v Abdusattorov, Wei Yi v Nepomniachtchi."]),
    ("The 2.40 at Newmarket is the British EBF Fillies' Novice Stakes over a mile for 3yo "
     "fillies\nGoing: Good to Firm. Stalls: centre. Rail movements add twelve yards to the "
     "distance.\nWinner: Tuscan Gold, ridden by Oisin Murphy and trained by John Gosden at "
     "Newmarket.\n",
     ["The 2.40 at Newmarket is the British EBF Fillies' Novice Stakes over a mile for 3yo "
      "fillies", "Going: Good to Firm.", "Stalls: centre.",
      "Rail movements add twelve yards to the distance.",
      "Winner: Tuscan Gold, ridden by Oisin Murphy and trained by John Gosden at Newmarket."]),
    # near misses: one label under the line, prose after it; a line that breaks after a word
    # prose goes on from
    ("The minister said the talks with the delegation from the neighbouring country had gone\n"
     "well and that both sides had agreed on a timetable for the next round of the talks in\n"
     "Germany: officials in Berlin would host the meeting in March, she told reporters at a\n"
     "press conference in the capital on Friday after the talks had ended there.",
     ["The minister said the talks with the delegation from the neighbouring country had gone\n"
      "well and that both sides had agreed on a timetable for the next round of the talks in\n"
      "Germany: officials in Berlin would host the meeting in March, she told reporters at a\n"
      "press conference in the capital on Friday after the talks had ended there."]),
    ("The minister said the talks with the delegation from the neighbouring country had gone\n"
     "well and that the reasons for the delay that both sides gave were listed as follows in\n"
     "First: the cost of the new rail link between the two capitals, which had risen again.\n"
     "Second: the time it would take to build the line through the mountains to Berlin.",
     ["The minister said the talks with the delegation from the neighbouring country had gone\n"
      "well and that the reasons for the delay that both sides gave were listed as follows in\n"
      "First: the cost of the new rail link between the two capitals, which had risen again.",
      "Second: the time it would take to build the line through the mountains to Berlin."]),
    # ... and a line of fields, a label of which the wrap may have cut (`NYC Time :`)
    ("PRESALE - Bay Co Bldg Auth , Mich .. AMT : 1,200,000 DATE : 09/05/96 NYC\n"
     "Time : 1600 CUSIP : 072261 ISSUER : Bay Co Building Authority ST : MI\n"
     "ISSUE : Bldg auth ( law enforcement ctr ) Series 1996-A TAX STAT :\n"
     "Exempt-REV M / SP / F : NA / NA / NA BOOK ENTRY : N ENHANCEMENTS : None\n"
     "BANK QUAL : Y DTD : 09/01/96 SURE BID : Y DUE : 11/1/96-11 SR MGR : 1ST\n"
     "CPN : 11/01/96 CALL : 11/1/05 @ 101 , dtp 11/1/07 NIC DELIVERY : 45 days\n"
     "approx ORDERS : PAYING AGENT : Michigan National Bank , Detroit L.O. :",
     ["PRESALE - Bay Co Bldg Auth , Mich .. AMT : 1,200,000 DATE : 09/05/96 NYC\nTime : 1600 "
      "CUSIP : 072261 ISSUER : Bay Co Building Authority ST : MI",
      "ISSUE : Bldg auth ( law enforcement ctr ) Series 1996-A TAX STAT :\nExempt-REV M / SP "
      "/ F : NA / NA / NA BOOK ENTRY : N ENHANCEMENTS : None\nBANK QUAL : Y DTD : 09/01/96 "
      "SURE BID : Y DUE : 11/1/96-11 SR MGR : 1ST",
      "CPN : 11/01/96 CALL : 11/1/05 @ 101 , dtp 11/1/07 NIC DELIVERY : 45 days",
      "approx ORDERS : PAYING AGENT : Michigan National Bank , Detroit L.O. :"]),
])
def test_a_line_over_a_block_of_fields_ends_in_wrapped_text(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a given name and its initial after a field's label keep the initial's period where
    # the sentence ends: a receipt's, a ride's, a record's
    ("Cashier: Marcus T.", [["Cashier", ":", "Marcus", "T."]]),
    ("Your driver: Mohammed A.", [["Your", "driver", ":", "Mohammed", "A."]]),
    ("Server: Jessica M.\nOpened: 14/03/2024 19:42",
     [["Server", ":", "Jessica", "M."], ["Opened", ":", "14/03/2024", "19:42"]]),
    ("Patient: KOWALCZYK, Teresa M.          MRN: 00482731",
     [["Patient", ":", "KOWALCZYK", ",", "Teresa", "M."], ["MRN", ":", "00482731"]]),
    # near misses: a letter that labels, after a colon or a comma; a colon spaced as
    # CoNLL-2003's text has it
    ("Council tax: Band D.", [["Council", "tax", ":", "Band", "D", "."]]),
    ("$20 million, Series B.", [["$", "20", "million", ",", "Series", "B", "."]]),
    ("Winner: Team A.", [["Winner", ":", "Team", "A", "."]]),
    ("Where: Terminal B.", [["Where", ":", "Terminal", "B", "."]]),
    ("Winners : Anna K.", [["Winners", ":", "Anna", "K", "."]]),
    ("Talks with USA, Teresa M.", [["Talks", "with", "USA", ",", "Teresa", "M", "."]]),
])
def test_a_name_and_its_initial_after_a_label_keep_the_initials_period(text, expected):
    tokens, ranges = tokenize_sentences(text)
    assert [[token for token, _, _ in tokens[first:end]] for first, end in ranges] == expected


# -- Numbering: references, options, section numbers and outlines --------------------------


@pytest.mark.parametrize("text, expected", [
    # a reference's authors written surname first end at the last initial, before the title
    ("Said, Edward W. Orientalism. Vintage Books, 1979.\nSmith, Zadie B. White Teeth. 2000.",
     ["Said, Edward W.", "Orientalism.", "Vintage Books, 1979.", "Smith, Zadie B.",
      "White Teeth.", "2000."]),
    ("LeCun, Y., Bengio, Y. & Hinton, G. Deep learning. Nature 521, 436-444 (2015).",
     ["LeCun, Y., Bengio, Y. & Hinton, G.", "Deep learning.",
      "Nature 521, 436-444 (2015)."]),
    ("[1] Du Bois, W. E. B. Black Reconstruction in America. New York: Harcourt, 1935.",
     ["[1] Du Bois, W. E. B.", "Black Reconstruction in America.",
      "New York: Harcourt, 1935."]),
    ("[3] Chomsky, N. Syntactic Structures. Mouton, 1957.\n4. van der Berg, J. Water Law. "
     "2001.\n- Smith, J., and Jones, K. A Study. Wiley.",
     ["[3] Chomsky, N.", "Syntactic Structures.", "Mouton, 1957.", "4. van der Berg, J.",
      "Water Law.", "2001.", "- Smith, J., and Jones, K.", "A Study.", "Wiley."]),
    # ... the year on the line it wraps into, under a hanging indent
    ("1. Kennedy, John F. Profiles in Courage. Harper and\n    Brothers, 1956.",
     ["1. Kennedy, John F.", "Profiles in Courage.", "Harper and\n    Brothers, 1956."]),
    # not prose, a sign-off or a place before a name: no surname opens the line, or one
    # author without a year, or one author unnumbered outside a list of references
    ("In Paris, John F. Kennedy said it in 1963.",
     ["In Paris, John F. Kennedy said it in 1963."]),
    ("Yesterday, John F. Kennedy Airport closed in 2004.",
     ["Yesterday, John F. Kennedy Airport closed in 2004."]),
    ("Thanks, John F. Smith", ["Thanks, John F. Smith"]),
    ("Moreover, John F. Kennedy was elected president in 1960.",
     ["Moreover, John F. Kennedy was elected president in 1960."]),
    ("Chomsky, N. Syntactic Structures.", ["Chomsky, N. Syntactic Structures."]),
    ("Washington, D.C. Mayor Muriel Bowser spoke in 2004.",
     ["Washington, D.C. Mayor Muriel Bowser spoke in 2004."]),
    ("He met them. Said, Edward W. Orientalism, 1979.",
     ["He met them.", "Said, Edward W. Orientalism, 1979."]),
])
def test_a_references_authors_written_surname_first_end_at_their_last_initial(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, last", [
    ("Said, Edward W.", "W."), ("[3] LeCun, Y. & Hinton, G.", "G."), ("Du Bois, W. E. B.", "B."),
    ("In Paris, John F.", "."), ("Thanks, J.", "."), ("Plan A, B.", "."), ("Yes, B.", "."),
])
def test_a_sentence_of_authors_alone_keeps_its_last_initials_period(text, last):
    """Split off, `Said , Edward W .` reads as PER `Edward` and `Hinton , G .` as no `G`."""
    assert tokenize(text)[-1][0] == last


@pytest.mark.parametrize("text, expected", [
    # a question's options in series on one line each open a sentence
    ("Which ship did Darwin sail on?  A. Beagle  B. Endeavour  C. Victory",
     ["Which ship did Darwin sail on?", "A. Beagle", "B. Endeavour", "C. Victory"]),
    ("A. HMS Endeavour   B. HMS Beagle", ["A. HMS Endeavour", "B. HMS Beagle"]),
    ("Which ship? a. Beagle b. Endeavour c. Victory d. Bounty",
     ["Which ship?", "a. Beagle", "b. Endeavour", "c. Victory", "d. Bounty"]),
    ("Capital? (a) Paris (b) Rome (c) Oslo", ["Capital?", "(a) Paris", "(b) Rome", "(c) Oslo"]),
    ("Q: a) Paris b) Rome", ["Q:", "a) Paris", "b) Rome"]),
    ("Which? A. The Beagle B. The Endeavour C. The Victory",
     ["Which?", "A. The Beagle", "B. The Endeavour", "C. The Victory"]),
    # not names' initials in prose, nor a contract's clauses run into a line
    ("We met A. Smith, B. Jones and C. Brown.", ["We met A. Smith, B. Jones and C. Brown."]),
    ("A. Smith and B. Jones came.", ["A. Smith and B. Jones came."]),
    ("Report by A. Smith B. Jones C. Brown", ["Report by A. Smith B. Jones C. Brown"]),
    ("A. Smith went home.  B. Jones came.", ["A. Smith went home.", "B. Jones came."]),
    ("The tenant shall (a) pay the rent; (b) keep it; and (c) not sublet.",
     ["The tenant shall (a) pay the rent; (b) keep it; and (c) not sublet."]),
])
def test_a_questions_options_on_one_line_each_open_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, marks", [
    ("Which?  A. Beagle  B. Endeavour", {8: 1, 19: 2}),
    ("Capital? (a) Paris (b) Rome", {10: 1, 20: 2}),
    ("A. Smith B. Jones", {}),                    # two initials
    ("A. Smith went home.  B. Jones came.", {}),  # two sentences
    ("x (a) pay (b) keep", {}),                   # a contract's clauses
])
def test_a_questions_options_on_one_line_are_an_outlines_marks(text, marks):
    """The model reads each option's letter as its number, as it does an outline's."""
    assert outline_marks(text) == marks


@pytest.mark.parametrize("text, expected", [
    # a citation's page before a full stop in a numbered paragraph opens no list's item
    ("1. This appeal arises from a judgment.\n2. Reliance was placed on Vatika Township, "
     "(2015) 1 SCC 1. See also Kesavananda Bharati v. State of Kerala.",
     ["1. This appeal arises from a judgment.",
      "2. Reliance was placed on Vatika Township, (2015) 1 SCC 1.",
      "See also Kesavananda Bharati v. State of Kerala."]),
    ("1. This appeal cites (2015) 1 SCC 1. See also Kesavananda.\n2. Reliance was placed.",
     ["1. This appeal cites (2015) 1 SCC 1.", "See also Kesavananda.",
      "2. Reliance was placed."]),
    ("1. Facts.\n2. Law.\n3. It cites (2015) 4 SCC 5. See also Xu.\n4. Costs.\n5. Order.\n6. End.",
     ["1. Facts.", "2. Law.", "3. It cites (2015) 4 SCC 5.", "See also Xu.", "4. Costs.",
      "5. Order.", "6. End."]),
    # but a list run into a line still opens its items, in a numbered paragraph, at the
    # text's start, or wrapped onto the next lines
    ("3. The issues are: 1. Whether Smith erred 2. Whether Jones erred",
     ["3. The issues are:", "1. Whether Smith erred", "2. Whether Jones erred"]),
    ("1. Michelle Freeman 12.71 2. Ludmila Engquist 12.74",
     ["1. Michelle Freeman 12.71", "2. Ludmila Engquist 12.74"]),
    ("on Saturday : 1. Miss Stamper 3-1 joint-\nfavourite ( ridden by David Harrison )\n"
     "2. Paddy Lad 16-1 ( Peter Bloomfield )",
     ["on Saturday :", "1. Miss Stamper 3-1 joint-\nfavourite ( ridden by David Harrison )",
      "2. Paddy Lad 16-1 ( Peter Bloomfield )"]),
])
def test_a_number_inside_a_numbered_paragraph_opens_an_item_only_in_its_lists_order(
        text, expected):
    assert sentences(text) == expected


def test_a_sections_number_of_several_levels_opens_its_line_in_wrapped_text():
    """An EU tender notice's fields (`II.1.2) Contractor:`), as long as wrapped text's lines,
    are no wrapped prose: read as one sentence, a name runs into the next field."""
    lines = ["II.1.1) Title: Supply of low-floor buses and spare parts to Bremer Strassenbahn AG",
             "II.1.2) Contractor: Daimler Buses GmbH, Mannheim, Germany, represented by Till "
             "Oberwörder",
             "II.1.4) Short description: Supply of 40 low-floor buses with eight years of "
             "maintenance.",
             "II.2 Description of the lots for the procurement of buses for Bremer Strassenbahn.",
             "IV.1) Type of procedure: open procedure for the supply of buses to the city of "
             "Bremen."]
    assert sentences("\n".join(lines)) == lines
    # a decimal opening a wrapped line is no section's number
    prose = textwrap.fill("The central bank said on Monday that the index of consumer prices "
                          "in the euro area (which it watches most closely of all the figures "
                          "it reads, up from 2.75) rose in June, and the dollar fell against "
                          "the yen and the Swiss franc in early trading in Tokyo.", 77)
    assert "\n2.75) rose" in prose and sentences(prose) == [prose]


@pytest.mark.parametrize("text, expected", [
    # a clause's number of several levels and its period opens its clause's sentence
    ("4.1. The Supplier shall deliver the goods.\n4.2. Siemens Mobility GmbH shall pay.",
     ["4.1. The Supplier shall deliver the goods.", "4.2. Siemens Mobility GmbH shall pay."]),
    ("Item 5.02. Departure of Directors\nItem 9.01. Financial Statements and Exhibits",
     ["Item 5.02. Departure of Directors", "Item 9.01. Financial Statements and Exhibits"]),
    # a decimal that opens a line alone, or ends a sentence mid-line, still ends it
    ("What rate did they offer?\n3.5. The best in town.",
     ["What rate did they offer?", "3.5.", "The best in town."]),
    ("As described in Section 3.2. The results hold. The rate was 4.1. The bank said so.",
     ["As described in Section 3.2.", "The results hold.", "The rate was 4.1.",
      "The bank said so."]),
])
def test_a_clauses_number_of_several_levels_opens_its_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, marks", [
    # Roman numerals alone on their lines, a section's breaks, in series from `I`
    ("I.\n\nWhen Mark spoke.\n\nII.\n\nWang hired Nat.\n\nIII.\n\nIt ended.", {0: 1, 22: 2, 44: 3}),
    ("I\n\nWhen Mark spoke.\n\nII\n\nWang hired Nat.", {0: 1, 21: 2}),
    # not the pronoun alone on a line of chat, nor a series without its first
    ("did you see it?\nI\ndunno\nI\nmean", {}),
    ("x\nII.\nIII.", {}),
    ("Part I\nII", {}),
])
def test_roman_numerals_alone_on_their_lines_are_an_outlines_marks(text, marks):
    """Read as words, `III .` is PER to the model and `II` LOC; it reads a mark as its
    number."""
    assert outline_marks(text) == marks
    if marks:
        assert sentences(text)[0] == text[:text.index("\n")]


def test_the_model_reads_options_and_lone_roman_numerals_as_their_numbers():
    from model.documents import Document
    document = Document.from_text("Which ship?  A. Beagle  B. Endeavour\nI.\n\nHe left.\n\nII.")
    assert document.model_tokens == ["Which", "ship", "?", "1", "Beagle", "2", "Endeavour",
                                      "1", ".", "He", "left", ".", "2", "."]


@pytest.mark.parametrize("text", [
    "He said 1. Smith 2. Jones " * 4_000,                          # run-in lists' numbers
    "1. A (2015) 1 SCC 1. See also\n" * 3_500,                     # paragraphs' numbers
    "?  A. x  B. y  C. z " * 5_000, "  A.  B.  C." * 8_000,       # options, initials
    "LeCun, Y., Bengio, Y. & Hinton, G. Deep learning. (2015)\n" * 2_000,  # references
    "Hinton, G. & " * 8_000 + "Hinton, G.",                       # a chain of authors
    "II.1.1) Title: Supply\n4.1. The goods.\n" * 3_000,            # sections and clauses
    "I.\n\nText.\n\nII.\n\n" * 6_000,                              # Roman numerals alone
])
def test_the_rules_for_numbering_take_linear_time(text):
    # Linear, each takes well under a second. Not a timing assertion.
    spans = split_sentences(text)
    assert spans and all(start < end for start, end in spans)


# -- Text that does not capitalise, with a capital here and there -------------------------------


QUERIES = ("selena gomez net worth\nweather in paris\nbrad pitt movies\nmichael jordan stats\n"
           "barack obama age\nnearest starbucks\namazon prime price\nelon musk twitter\n"
           "lionel messi goals\ncheap flights to london")


@pytest.mark.parametrize("text, expected", [
    # a text or a paragraph that opens in lower case is read as text without capitals, up to
    # a word that opens with one: its lines in lower case open sentences
    ("how old is taylor swift\nselena gomez net worth\niPhone 15 price",
     ["how old is taylor swift", "selena gomez net worth", "iPhone 15 price"]),
    ("iPhone 15 price\nhow old is taylor swift\nselena gomez",
     ["iPhone 15 price", "how old is taylor swift", "selena gomez"]),
    ("we r at the pub with kevin\nsarah is coming too lol\nOK",
     ["we r at the pub with kevin", "sarah is coming too lol", "OK"]),
    ("Hi John,\n\nwe r at the pub with kevin\nsarah is coming too lol",
     ["Hi John,", "we r at the pub with kevin", "sarah is coming too lol"]),
    ("we r at the pub. sarah is coming\nOK", ["we r at the pub.", "sarah is coming", "OK"]),
    # ... but after a word that prose goes on from
    ("iPhone sales rose 5% last year as\nthe company expanded into India",
     ["iPhone sales rose 5% last year as\nthe company expanded into India"]),
    # ... and a text with capitals on one line in ten or fewer, or whose only capital is the
    # pronoun I, is read as one without any
    ("Taylor swift age\n" + QUERIES, ["Taylor swift age", *QUERIES.split("\n")]),
    ("I'm omw to paris\nmichel says hi", ["I'm omw to paris", "michel says hi"]),
    # cased text: a line in lower case goes on, after a sentence that opens with a capital,
    # a number or a quote, after a line split for what it is (a short line ending in a
    # capitalised word) or after a full stop; and a sentence in lower case that capitalises a
    # name is cased
    ("He said that\nthe market fell.", ["He said that\nthe market fell."]),
    ("3 men told Reuters that\nthe market fell.", ["3 men told Reuters that\nthe market fell."]),
    ('" He said that\nthe market fell . "', ['" He said that\nthe market fell . "']),
    ("He\nacknowledged that many Hong Kong people\nhad decided to seek their future",
     ["He", "acknowledged that many Hong Kong people\nhad decided to seek their future"]),
    ('She said "I love it."\nbut then she left with kevin\nsarah stayed.',
     ['She said "I love it."', "but then she left with kevin\nsarah stayed."]),
    ("shares of the company fell sharply, said John Smith\nwho runs the fund",
     ["shares of the company fell sharply, said John Smith\nwho runs the fund"]),
    ("Notes\n\nshares of the company fell sharply, said John Smith\nwho runs the fund",
     ["Notes", "shares of the company fell sharply, said John Smith\nwho runs the fund"]),
    ("He said that the market\nfell because rates rose and\nthe dollar gained as well",
     ["He said that the market\nfell because rates rose and\nthe dollar gained as well"]),
])
def test_text_that_does_not_capitalise(text, expected):
    assert sentences(text) == expected


def test_lower_cased_documents_with_one_cased_line_split_as_without_it(validation_documents):
    # CoNLL's validation documents lower-cased, with `iPhone 15 price` above them or `i`
    # as `I`: the boundaries of the lower-cased text, in all documents but a few (a line
    # that opens with no letter, `( 42-41 )`, goes on into a last line in lower case).
    same, documents = 0, 0
    for document in validation_documents:
        lower_cased = "\n".join(" ".join(sentence).lower() for sentence in document)
        for text in (lower_cased, textwrap.fill(lower_cased, 72)):
            expected = split_sentences(text)
            above = len("iPhone 15 price\n")
            with_line = [(start - above, end - above)
                         for start, end in split_sentences("iPhone 15 price\n" + text)[1:]]
            with_pronoun = split_sentences(re.sub(r"(?<!\S)i(?!\S)", "I", text))
            same += (with_line == expected) + (with_pronoun == expected)
            documents += 2
    assert same >= 0.97 * documents


TELEGRAM = ("THE SECRETARY OF WAR DESIRES ME TO EXPRESS HIS DEEP REGRET THAT YOUR SON PRIVATE "
            "JOHN SMITH WAS SERIOUSLY WOUNDED IN ACTION IN FRANCE ON AUGUST 12 STOP MENTAL "
            "REPORTS WILL FOLLOW STOP FUNDS FOR TRAVEL ARE AVAILABLE AT THE FIRST NATIONAL BANK "
            "OF SPRINGFIELD STOP ADJUTANT GENERAL ULIO")


@pytest.mark.parametrize("text, expected", [
    # a telegram's STOP ends its sentence, where two or more stand for full stops
    ("ARRIVING TUESDAY STOP PLEASE MEET TRAIN AT PENN STATION STOP LOVE MARY",
     ["ARRIVING TUESDAY STOP", "PLEASE MEET TRAIN AT PENN STATION STOP", "LOVE MARY"]),
    (TELEGRAM, [sentence.strip() + (" STOP" if k < 3 else "")
                for k, sentence in enumerate(TELEGRAM.split(" STOP"))]),
    ("WAR DEPARTMENT\n12 STOP LETTER FOLLOWS STOP ULIO",
     ["WAR DEPARTMENT", "12 STOP", "LETTER FOLLOWS STOP", "ULIO"]),
    # ... but not one that is a word, nor one STOP alone, nor in a line in lower case
    ("MEET AT BUS STOP NEAR UNION STATION STOP BRING PAPERS STOP JOHN",
     ["MEET AT BUS STOP NEAR UNION STATION STOP", "BRING PAPERS STOP", "JOHN"]),
    ("PLEASE STOP PAYMENT ON CHECK STOP BANK NOTIFIED STOP JIM",
     ["PLEASE STOP PAYMENT ON CHECK STOP", "BANK NOTIFIED STOP", "JIM"]),
    ("NON-STOP FLIGHTS TO PARIS STOP SIGN AHEAD", ["NON-STOP FLIGHTS TO PARIS STOP SIGN AHEAD"]),
    ("HAMILTON MAKES PIT STOP AT MONZA", ["HAMILTON MAKES PIT STOP AT MONZA"]),
    ("CAR FOUND AT BUS STOP NEAR ELM STREET", ["CAR FOUND AT BUS STOP NEAR ELM STREET"]),
    ("RAINS STOP PLAY AT LORDS", ["RAINS STOP PLAY AT LORDS"]),
    ("WE MUST STOP THE WAR AND STOP THE CUTS", ["WE MUST STOP THE WAR AND STOP THE CUTS"]),
    ("DRIVERS STOP AND GO AS BUSES STOP AND START",
     ["DRIVERS STOP AND GO AS BUSES STOP AND START"]),
    ("STOP\nSTOP WORK ORDER ISSUED", ["STOP", "STOP WORK ORDER ISSUED"]),
    ("Wired funds STOP arriving Tuesday STOP love Mary",
     ["Wired funds STOP arriving Tuesday STOP love Mary"]),
])
def test_a_telegrams_stop_ends_its_sentence(text, expected):
    assert sentences(text) == expected


def test_a_wrapped_telegram_is_read_as_wrapped_text():
    wrapped = textwrap.fill(TELEGRAM, 72)
    assert wrapped.count("\n") == 3
    assert [sentence.replace("\n", " ") for sentence in sentences(wrapped)] == sentences(TELEGRAM)


@pytest.mark.parametrize("text, expected", [
    # a turn after a turn, their labels in lower case, is no wrapped prose, whatever the line
    # ends in; and a label in lower case that opens two turns or more is a speaker's, a
    # sentence of its own as one in capitals is
    ("Call 7\ncustomer: nobody told me that\nagent: i understand mr kumar",
     ["Call 7", "customer: nobody told me that", "agent: i understand mr kumar"]),
    ("Call 7\ncustomer: nobody told me that\nagent: i understand mr kumar\ncustomer: so who "
     "pays\nagent: the bank will refund you",
     ["Call 7", "customer:", "nobody told me that", "agent:", "i understand mr kumar",
      "customer:", "so who pays", "agent:", "the bank will refund you"]),
    ("Transcript\n\nagent: thank you for calling acme bank\ncustomer: hi i lost my card\n"
     "agent: can i have your name",
     ["Transcript", "agent:", "thank you for calling acme bank", "customer:",
      "hi i lost my card", "agent:", "can i have your name"]),
    # ... but not fields with short values, definitions each opening one line, a label that
    # opens one line of prose, nor a line of prose that breaks after `as` or `the`
    ("Server config\nhost: db.example.com\nport: 5432\nhost: cache.example.com\nport: 6379",
     ["Server config", "host: db.example.com", "port: 5432", "host: cache.example.com",
      "port: 6379"]),
    ("Options\ntimeout: the number of seconds to wait\nretries: how many times to retry it",
     ["Options", "timeout: the number of seconds to wait", "retries: how many times to retry it"]),
    ("Minutes\nreason: the reasons are as\nfollows: first, the cost.",
     ["Minutes", "reason: the reasons are as\nfollows: first, the cost."]),
    ("Notes\nsummary: we agreed with the\nboard: it meets in May",
     ["Notes", "summary: we agreed with the\nboard: it meets in May"]),
])
def test_speakers_labels_in_lower_case(text, expected):
    assert sentences(text) == expected


# -- Records people paste: GEDCOM, vCards, SQL's value tuples -----------------------------------


GEDCOM = ("0 HEAD\n1 CHAR UTF-8\n0 @I1@ INDI\n1 NAME John /Smith/\n2 GIVN John\n2 SURN Smith\n"
          "1 BIRT\n2 DATE ABT 1843\n2 PLAC Ballina, County Mayo, Ireland\n1 FAMS @F1@\n"
          "1 NOTE He emigrated to Boston in\n2 CONT 1867 aboard the Java.\n0 TRLR")


@pytest.mark.parametrize("text, expected", [
    # A GEDCOM file's lines: a sentence each, without their levels, pointers and tags; a
    # name's slashes, a date's qualifier and a pointer alone as no words; a note goes on.
    (GEDCOM, ["UTF-8", "John /Smith", "John", "Smith", "1843",
              "Ballina, County Mayo, Ireland",
              "He emigrated to Boston in\n2 CONT 1867 aboard the Java."]),
    # A record's lines pasted alone, which a record's pointer opens or GEDCOM's tags show,
    # and prose around them.
    ("0 @I2@ INDI\n1 NAME Bridget /Walsh/", ["Bridget /Walsh"]),
    ("\ufeff0 HEAD\r\n1 SOUR PAF\r\n0 @I1@ INDI\r\n1 NAME John /Smith/\r\n1 FAMS @F1@\r\n",
     ["PAF", "John /Smith"]),
    ("My file has:\n1 NAME Bridget /Walsh/\n2 GIVN Bridget\n2 SURN Walsh\n1 DEAT\n"
     "2 PLAC Boston\nWhy is the surname lost?",
     ["My file has:", "Bridget /Walsh", "Bridget", "Walsh", "Boston",
      "Why is the surname lost?"]),
    ("  1 _MARNM Mary /Byrne/\n  2 DATE BET 1840 AND 1845\n  1 SEX F",
     ["Mary /Byrne", "1840 AND 1845", "F"]),
    # Not GEDCOM: a medal table's rows, a list numbered in order, two lines without a
    # record's opening, a heading's number.
    ("1 USA 39 41 33\n2 CHN 38 32 18\n3 JPN 27 14 17\n3 GBR 22 21 22",
     ["1 USA 39 41 33", "2 CHN 38 32 18", "3 JPN 27 14 17", "3 GBR 22 21 22"]),
    ("1 NAME the file\n2 DATE it\n3 SIGN it", ["1 NAME the file", "2 DATE it", "3 SIGN it"]),
    ("1 NAME John /Smith/\n2 SURN Smith", ["1 NAME John /Smith/", "2 SURN Smith"]),
    ("Top stories\n1 NASA budget cut\n2 ESA launch\n1 CERN update today",
     ["Top stories", "1 NASA budget cut", "2 ESA launch", "1 CERN update today"]),
    ("Agenda\n1 NAME badges\n2 DATE confirmed\n1 HOST Siemens",
     ["Agenda", "1 NAME badges", "2 DATE confirmed", "1 HOST Siemens"]),
])
def test_gedcom_records(text, expected):
    assert sentences(text) == expected


def test_gedcom_syntax_is_no_word():
    assert [token for token, _, _ in tokenize(GEDCOM)] == [
        "UTF-8", "John", "Smith", "John", "Smith", "1843", "Ballina", ",", "County", "Mayo", ",",
        "Ireland", "He", "emigrated", "to", "Boston", "in", "1867", "aboard", "the", "Java", "."]


def document_sentences(text: str) -> list[str]:
    """The sentences of the text as Document.from_text reads it (a card's syntax as nothing)."""
    return [text[sentence.start:sentence.end] for sentence in Document.from_text(text).sentences]


@pytest.mark.parametrize("text, expected", [
    # A card's properties, a sentence each, their names, parameters and Apple's groups read
    # as nothing; the `;` between a structured value's fields part them, none at its ends.
    ("BEGIN:VCARD\nN:Okonkwo;Chinedu;A.;Dr.;\nFN:Dr. Chinedu A. Okonkwo\nEND:VCARD",
     ["Okonkwo;Chinedu;A.;Dr.", "Dr. Chinedu A. Okonkwo"]),
    ("BEGIN:VCARD\nVERSION:2.1\nN:Okonkwo;Chinedu;;;\nORG:Acme Corp;\nTITLE:Director\n"
     "TEL;WORK;VOICE:(111) 555-1212\nEND:VCARD",
     ["2.1", "Okonkwo;Chinedu", "Acme Corp", "Director", "(111) 555-1212"]),
    ("BEGIN:VCARD\nFN:Maria Lopez\nitem1.EMAIL;type=INTERNET:maria@acme.com\n"
     "item1.X-ABLabel:_$!<Work>!$_\nitem2.ADR;type=HOME:;;Calle Mayor 5;Madrid;;28013;Spain\n"
     "END:VCARD",
     ["Maria Lopez", "maria@acme.com", "Work", "Calle Mayor 5;Madrid;;28013;Spain"]),
    # an attendee's name kept from its parameters, over a folded line; a photo's data as nothing
    ("BEGIN:VEVENT\r\nATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=\r\n TRUE;CN=\"Nair, Rajesh\";X-NUM-G"
     "UESTS=0:mailto:rajesh@example.com\r\nSUMMARY:Roadmap review\r\nEND:VEVENT",
     ['Nair, Rajesh";X-NUM-GUESTS=0:mailto:rajesh@example.com', "Roadmap review"]),
    ("BEGIN:VCARD\nFN:Maria Lopez\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/\n"
     " 2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0\nEND:VCARD",
     ["Maria Lopez"]),
    # Not parted: a `;` in a value of prose or a rule; a card's lines outside a card, and the
    # text after it.
    ("BEGIN:VCARD\nNOTE:Met at MWC; call back\nEND:VCARD", ["Met at MWC; call back"]),
    ("BEGIN:VEVENT\nRRULE:FREQ=WEEKLY;BYDAY=TU\nEND:VEVENT", ["FREQ=WEEKLY;BYDAY=TU"]),
    ("N:Okonkwo;Chinedu;;;\nFN:Chinedu Okonkwo", ["N:Okonkwo;Chinedu;;;\nFN:Chinedu Okonkwo"]),
    ("BEGIN:VCARD\nFN:Maria Lopez\nEND:VCARD\nSee you;\nMaria",
     ["Maria Lopez", "See you;\nMaria"]),
])
def test_contact_cards_and_calendars(text, expected):
    assert document_sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    # SQL's rows: each value a sentence with its comma, each row ends, and the statement's
    # head before them.
    ("(5, 'Katherine', 'Johnson', 'NASA', 'Hampton'),\n(6, 'Tim', 'Berners-Lee', 'CERN', "
     "'Geneva');",
     ["(5,", "'Katherine',", "'Johnson',", "'NASA',", "'Hampton'),", "(6,", "'Tim',",
      "'Berners-Lee',", "'CERN',", "'Geneva');"]),
    ("INSERT INTO t (id, name, city) VALUES (1, 'O''Brien', 'Dublin'), (2, 'Sato', '', NULL);",
     ["INSERT INTO t (id, name, city) VALUES", "(1,", "'O''Brien',", "'Dublin'),", "(2,",
      "'Sato',", "'', NULL);"]),
    ("(7, 'Smith, John', 'Route 66, west'),\n(8, 'Lee', 'A1');",
     ["(7,", "'Smith, John',", "'Route 66, west'),", "(8,", "'Lee',", "'A1');"]),
    ("rows = [\n    ('Katherine', 'NASA'),\n    ('Tim', 'CERN')\n]",
     ["rows = [", "('Katherine',", "'NASA'),", "('Tim',", "'CERN')", "]"]),
    ("(5, 'NASA'),\n(6, 'CERN');", ["(5,", "'NASA'),", "(6,", "'CERN');"]),
    # Not: prose's quotes and apostrophes, quoted words in brackets within a sentence or
    # wrapped into the next line, a call's arguments, rows of numbers.
    ("'Yes', she said, 'we won'. It was 'tis the season.",
     ["'Yes', she said, 'we won'.", "It was 'tis the season."]),
    ("He played rock 'n' roll ('the best', 'ever') all night.",
     ["He played rock 'n' roll ('the best', 'ever') all night."]),
    ("('Yes', 'No')\nwas the choice.", ["('Yes', 'No')\nwas the choice."]),
    ("print('Katherine', 'NASA')", ["print('Katherine', 'NASA')"]),
    ("Our values ('honesty', 'courage') matter.", ["Our values ('honesty', 'courage') matter."]),
    ("(1, 2),\n(3, 4);", ["(1, 2),\n(3, 4);"]),
])
def test_sql_value_rows(text, expected):
    assert sentences(text) == expected
