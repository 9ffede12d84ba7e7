"""Split raw request text into the tokens the tagger was trained on.

The model learned from CoNLL-2003 (Reuters news), whose tokens follow Penn Treebank habits.
The rules below were read off ``train.txt``; most examples in the comments are real tokens
from it. In short:

* Punctuation is split off: ``( ) , ; : ! ? " % $``, single ``'``, and a sentence-final ``.``.
* Words joined by ``-`` (or Unicode's hyphens), ``.``, ``&`` or ``@`` stay one token:
  ``pro-democracy``, ``1996-08-30``, ``2-1``, ``AT&T``, ``www.internetstartup.com``,
  ``a@b.com``; but for a full stop typed without its space between a lower-case word and a
  word that starts sentences (``Paris.Then``, ``Smith.I``), which is split off.
  Between digits ``,``, ``:`` and ``/`` join too: ``1,000``, ``10:30``, ``1/2``.
  Elsewhere ``/`` is split off (``CDU / CSU``).
* Abbreviations keep their period: dotted ones (``U.S.``, ``a.m.``), capital initials
  (``J.``), a fixed list (``Inc.``, ``St.``, ``vs.``, ``Univ.``, ``v.``), and before a
  number those that number it (``no. 7``, ``pp. 4-6``, ``Fig. 3``). A period that ends the
  whole text is split off, as the data does (``... on Jan .``), but from a dotted
  abbreviation or one that ends a name, where it is part of the name (``the U.S.``,
  ``Apple Inc.``; the data writes ``the U.S .``).
* Clitics are separate tokens: ``Britain 's``, ``do n't``, ``ca n't``, ``we 're``, ``I 'm``
  (also with the typographic apostrophe ``’``, which is kept as written, and the stand-ins
  typed for it, ``‘`` and ``´``: ``O´Neal`` is one word).
* A unit's letter after a slash or a degree sign is no initial (``mmol/L.``, ``25° C.``):
  its period is split off.
* A leading ``+`` or ``.`` stays on a number (``+44``, ``.500``); a leading ``-`` does not.
* Currency prefixes stay whole (``US$``, ``HK$``); a bare ``$`` is its own token.
* URLs with a scheme or ``www.`` are one token, and so is a handle (``@sofia``,
  ``@mark.chen``); runs like ``--`` and ``...`` are one token.
* A footnote's mark, a run of superscript digits, is a token of its own (``Merkel¹``,
  ``Proglio.²``), and the word it was glued to is read as if it ended there; so is an
  affiliation's mark in plain digits glued to the last part of a name (``Ingrid
  Solberg1,2``).
* Anything else that is not whitespace becomes a token of its own character (plus any
  combining marks), so every non-whitespace character ends up in exactly one token.
  Emoji with modifiers, ZWJ sequences and flags stay whole.

Whitespace of every Unicode kind separates tokens (the regex ``\\s`` class is exactly
``str.isspace``), and so do the marks that text pasted from web pages and word processors
carries between words (``SEPARATORS``): the invisible zero-width space, byte order mark and
direction marks, list bullets (``\u2022 Microsoft`` had tagged the bullet as the start of an
ORG; CoNLL-2003 has none), the vertical bar between table cells and fields
(``Michael Chen | Northwind Capital``), the ``>`` that quotes a line of an e-mail reply
at its start, an e-mail's ``Re:``, ``Fwd:`` and ``Cc:`` at a line's start, and the
underscores of emphasis at a word's edges (``_Emmanuel Macron_``; an underscore within a
word, as in ``snake_case``, stays in it). The soft hyphen and the word
joiner, which sit inside words, stay in them (``Micro\\u00adsoft`` is one token), and the
model reads tokens without them (features.py).
There is no word segmentation for scripts written without spaces: a run of CJK characters
is one token.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import Callable, Sequence


def _combining_mark_ranges(code_points) -> str:
    """Regex class body for the combining marks (categories Mn, Mc, Me) among code_points."""
    marks = [cp for cp in code_points if unicodedata.category(chr(cp)).startswith("M")]
    ranges = []
    start = previous = marks[0]
    for cp in marks[1:]:
        if cp != previous + 1:
            ranges.append((start, previous))
            start = cp
        previous = cp
    ranges.append((start, previous))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


# Python's \w does not include combining marks, so without them a decomposed "é"
# ("e" + U+0301) would break a word in two. Marks live only in planes 0-1 and in the
# variation selectors supplement (U+E0100-E01EF), so only those are scanned.
# The rare marks beyond the BMP get their own class: mixed into the word class they would
# stop the regex engine from using its fast BMP bitmap, which slows down every word.
_BMP_MARKS = _combining_mark_ranges(range(0x10000))
_ASTRAL_MARKS = _combining_mark_ranges([*range(0x10000, 0x20000), *range(0xE0000, 0xE1000)])

# Invisible characters, as regex class bodies. Those inside words, the soft hyphen and the
# word joiner, are part of them; the others are between words where they occur: the
# zero-width space, the byte order mark (U+FEFF), the left-to-right and right-to-left marks
# and the bidirectional embeddings, overrides and isolates.
INVISIBLE_IN_WORDS = "\u00ad\u2060"
INVISIBLE_BETWEEN_WORDS = "\u200b\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069"
# The bullets of lists: \u2022 \u2023 \u2043 \u2219 \u25aa \u25ab \u25b8 \u25cf \u25e6.
BULLETS = "\u2022\u2023\u2043\u2219\u25aa\u25ab\u25b8\u25cf\u25e6"
# What separates tokens besides whitespace: the invisible marks between words, the bullets,
# and the vertical bar between a table's cells, a signature's fields or a page title and its
# site (| John Smith | IBM |, Michael Chen | Northwind Capital): as a token it was taken into
# the name beside it. The sentence splitter ends a sentence at a bullet or a bar in a line.
SEPARATORS = INVISIBLE_BETWEEN_WORDS + BULLETS + "|"
_SEPARATOR = re.compile(f"[{SEPARATORS}]")
# And the middle dot between spaces, as LinkedIn's, Airbnb's and Google Maps' headers part
# their fields (`Quillmetric · Austin, TX · Remote`); not within a word (Catalan's `col·lecció`).
SPACED_MIDDLE_DOT = re.compile(r"(?<=\s)\u00b7(?=\s)")

# Zero-width (non-)joiners are part of words in Indic and Arabic scripts.
_WORD_CHAR = rf"[\w{_BMP_MARKS}\u200c\u200d{INVISIBLE_IN_WORDS}]"
_WORD_END = rf"(?!{_WORD_CHAR})"
_WORD_PIECE = rf"{_WORD_CHAR}+(?:(?=[\U00010000-\U0010ffff])[{_ASTRAL_MARKS}]+{_WORD_CHAR}*)*"
_LETTER = r"[^\W\d_]"
# The hyphen-minus, and Unicode's hyphen and non-breaking hyphen, which word processors and
# typeset text put in Jean‐Paul; the model reads them as "-" (features.visible).
HYPHENS = "-\u2010\u2011"  # "-" first: literal in a regex class
# The apostrophe, and what keyboards and word processors put for it: the typographic one,
# the left single quote and the acute accent (`O\u2018Neal`, `N\u00b4Golo`); the model reads
# them all as "'" (features.visible). Between letters only, as a quote mark never is.
APOSTROPHES = "'\u2019\u2018\u00b4"
_APOSTROPHE = f"[{APOSTROPHES}]"

# Abbreviations that keep their period even though they are not dotted initials.
# Titles, company words and months are also recognised in capitals ("ST. LOUIS", "CO."),
# US states are not: in capitals too many of them are English words ("MISS.", "WASH.").
# Titles come before a name (model/sentences.py: at a line's end, the name is on the next).
TITLES = ("Mr Mrs Ms Dr Prof Rev Gen Sen Rep Gov Lt Col Capt Sgt Maj Adm Hon Pres Brig Cpl Pvt Spc "
          "Cmdr Cdr Ens Lieut Insp Det Amb Msgr Fr Smt Shri Kum Mdm Barr "
          # plurals and the forms of wedding notices, British releases and French names
          # (`Drs. Wei and Lin Chen`, `The Rt. Hon. Keir Starmer`, `Mme. Curie`)
          "Drs Profs Messrs Mmes Mme Mlle Mlles Rt Asst Treas Ofc "
          # and of Nigerian, Malaysian and Indian English (`Alh. Aliko Dangote`, `Mohd. Najib
          # Razak`, `Sh. Amit Shah`, `Comr. Aminu Gwarzo`, `Evang. Mike Bamiloye`, `Addl. SP`,
          # `Dy. SP`, `Jt. Secretary`; not `Pst.`, which is `PST.` in capitals, a time zone,
          # nor `Er.`: below), and police ranks (`Tpr. James Holt`, `Dep. Sarah Lane`)
          "Alh Mohd Sh Comr Evang Addl Dy Jt Tpr Dep "
          # the Philippines' (`DSWD Asec. Irene Dumlao`, `Usec.`, `Cong.`, `Kap.`, and the
          # police's ranks, `PCol. Jean Fajardo`), Malaysia's and Bangladesh's (`Hj. Mohd.
          # Ali`, `Hjh.`, `Pn. Siti`, `Mst. Rahima`, `Kh. Asif`), councils' and constables'
          # (`Cllr. Mary Murphy`, `Coun.`, `Snr Const. Jane Smith`), and a vicar's as older
          # letters write it (`The Revd. Mr. Buchanan`); `Asst. Comm.` below
          "Asec Usec Cong Kap PCol PLtCol PMaj PMSgt PBGen PMGen PLtGen PGen PCpt PLt BGen "
          "Hj Hjh Pn Mst Kh Cllr Coun Const Revd "
          # and councils', legislatures' and churches' (`Cllrs. Okafor and Dunmore`, `Ald.
          # Brendan Reilly`, `Asm. Phil Ting`, `Supv. Dean Preston`, `Commr. Joan Healy`,
          # `Dcn. Tom Walsh`, `Bp. of Shrewsbury`; `Crs.` and `Bn.` below)
          "Cllrs Ald Asm Supv Commr Dcn Bp").split()
# Those that end a name keep their period even where it ends the text (below).
NAME_ENDINGS = "Inc Corp Co Ltd Ltda Bros Jr Sr Pty Pte Sdn Bhd".split()
_ABBREVIATIONS_ANY_CASE = NAME_ENDINGS + (
    "Dept No Nos Vol St Mt Ft Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split() + TITLES
# Abbreviations inside the names of organisations and places and in references to law
# reports and journals (`Cambridge Univ. Press`, `Proc. Natl. Acad. Sci.`, `Fifth Ave.`,
# `9th Cir.`, `Brown v. Board`): their text is scholarly, legal and business writing, where a
# sentence ending after each cut names in pieces, and hardly any ends an English sentence
# as a word (`v.` may, in mathematics: `the vectors u and v. Hence`).
_NAME_ABBREVIATIONS = (
    "Univ Inst Natl Acad Sci Proc Assoc Intl Int Ave Blvd Rd Hwy Ste Apt Esq Atty Supt "
    "Dir Mgr Cir Ct Supp Mfg Grp Div Dist Cie Ins Conf Phys Chem Biol Soc Hosp "
    "Educ Mgmt Engr Comput Syst Appl Adv Lett Mater Res Eng v "
    # clubs' (`Ath. Bilbao`, `Atl. Madrid`) and English law reports' (`[2004] Crim. L.R. 12`)
    "Ath Atl Crim "
    # the Philippines' places (`Brgy. San Isidro`, `Sta. Rosa`, `Sto. Tomas`)
    "Brgy Bgy Sta Sto"
).split()
# Affiliations' and companies' abbreviations (`Harvard Med. Sch., Boston`, `Royal Coll. of
# Surg.`, `Cancer Ctr.,`, `Lowe's Cos. Inc.`, `CK Hutchison Hldgs. Ltd.`), which a sentence
# may end on too (`back to the Lab. Pfizer confirmed`, `flights to the Med. Ryanair says`,
# `Lowe's Cos. Walmart declined`): abbreviations before a comma, a word in lower case or
# another abbreviation only, not a title (`the Lab. Dr. Jones`, `the Med. St. Tropez`). Not
# `Fed.` nor `Cent.` (`cut by the Fed.`, `5 per cent.`).
# A square's too (`Union Sq., NYC`; `Harvard Sq. Parking is free` ends).
_AFFILIATION_ABBREVIATIONS = ("Med Sch Ctr Coll Lab Mem Clin Fdn Hlth Technol Surg Cardiol Govt "
                              "Cos Hldgs Sq")
_AFFILIATION_NEXT = (rf"\s*[,;)]|\s+(?:[a-z&]|(?!(?:{'|'.join(TITLES)}|St|Mt)\.)"
                     r"[A-Z][a-z]{0,7}\.)")
# And in capitals, before a comma or `OF`, `AND` and `&` (`THE GOVT. OF INDIA`, `MED. CTR.,`).
_AFFILIATION_NEXT_IN_CAPITALS = r"\s*[,;)]|\s+(?:OF|AND|&)\b|\s+[A-Z]{2,7}\."
_ABBREVIATIONS = (
    _ABBREVIATIONS_ANY_CASE
    + [abbreviation.upper() for abbreviation in _ABBREVIATIONS_ANY_CASE]
    + "vs etc approx vol al cf incl alt".split()  # "al" of "et al."; `alt. POB Mosul`
    # `Col. (Ret.)`, `Lt. Gen. (Retd.)`, a patient (`Pt.`), a station, an avenue (`Av.`,
    # `Avda.`) and the `Ma.` of Maria in Filipino names (`Jose Ma. Lopez`)
    + "Ret Retd Pt Stn Av Avda Ma".split()
    # India's engineers (`Er. Suresh Patil`), in this case only: `ER.` is a hospital's
    + ["Er"]
    # invoices', claims' and letters' (`Acct. No.`, `Inv. No.`, `Regd. Office`, `Attn. Maria
    # Lopez`; `Reg.` and `ref.` only before what they qualify: _REFERENCES)
    + "Regd Acct Inv Attn acct inv attn".split()
    # given names as older letters and registers write them (`Sir Geo. Fanshawe`, `Wm.
    # Harris and Chas. Dickens`), and their other words and months (`Wm. Jones, Esqr.`,
    # `the Honble. Court`, `the 10th Feby. 1805`)
    + "Geo Wm Chas Thos Jas Jno Benj Robt Saml Eliz Edw".split()
    + "Esqr Honble Secy Recd Jany Feby Augt Septr Octr Novr Decr".split()
    # titles in this case only: in capitals `CH.` and `SK.` end sentences as names;
    # `Ch. Salik Hussain`, `Sk. Abdur Rahim`, and a Malay name's `binti` and `Yang
    # Berbahagia` (`Siti bt. Yusof`, `Y.Bhg. Datuk Wira Fadzil`, `Yg. Bhg.`); `Sec.` below
    + "Ch Sk Bt bt Bhg Yg".split()
    + ["Ks"]  # a Polish priest's (`Ks. Tomasz Nowak`)
    # and German and Spanish letters' (`z. Hd. Frau Koch`, `Sra. Ana Ruiz`, `Hr.` below,
    # `Dra. María José`, `Lic. Jorge Gómez`, `Ing. Ana Ruiz`: `ING.` is a bank's)
    + "Hrn Hd Sra Srta Dra Lic Ing".split()
    # a hospital's (`Enc. X-ray report`; `Cons.` below) and a
    # prescription's (`Inj. Monocef 1 g`, `Syp. Cremaffin`; `Tab.` and `Cap.` below)
    + "Enc Encl Encs Inj Syp Syr Oint Susp".split()
    # footnotes' (`Cf. Knittle`, `Ibid. at 47`, `op. cit., 131`), genealogies' (`Honora,
    # dau. of Pierce Butler`, `educ. Glasgow`), music's (`Exec. Prod. Taylor Swift`,
    # `(prod. Turbo)`: below) and a listing's (`Approx. 2 hrs.`)
    + "Cf Ibid ibid cit dau educ Prod Approx".split()
    # a Polish street's (`ul. Pelplińska 19`) and old letters' `inst.` and `viz.`
    + "ul inst viz".split()
    # a venue's exhibition hall, level and building (`Exh. Hall 4A`, `Lvl. 1`, `Arch Bldg.`)
    + "Exh Lvl Bldg".split()
    # places' and institutions' words in capitals, as legacy records and forms write them
    # (`FIRST NATL. BANK OF OMAHA`, `THE UNIV. OF TEXAS`, `ST. MARY'S HOSP.`)
    + ("UNIV INST NATL ACAD ASSOC INTL AVE BLVD HWY APT ESQ ATTY SUPT MGR DIST HOSP EDUC "
       "MGMT ENGR DIV").split()
    # titles, places', companies' words and months in lower case, as speech, chat and
    # queries write them (`call dr. patel`, `the weather in st. louis`, `i spoke to sen.
    # warren`, `acme corp.`; months before a number only: `jan. 6`); not `ms.` and `ft.`,
    # which end sentences as measures, nor `rep.`, `col.` and `gen.` (`call the sales rep.`,
    # `the next gen. Apple`)
    + "mr mrs dr prof st mt jr sr sen capt sgt maj lt gov corp inc ltd univ intl dept govt".split()
    + _NAME_ABBREVIATIONS
    + (
        "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss "
        "Mo Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo"
    ).split()
)
# Abbreviations that number what follows them (`no. 7553`, `pp. 436-444`, `Fig. 3`,
# `para. 12`): abbreviations only before a space and a number, since `no.` also ends
# sentences, and `p.2024@uni.edu` or `fig.1.png` are one token. (`No.` is one anywhere.)
_NUMBERING = "no nos p pp n fn para ch fig figs eq eqs sec ref refs art tab".split()
# Those of a life's or a figure's dates and amounts: circa, born, died, married, flourished,
# reigned, established or estimated, revenue (`Chaucer (c. 1343 - 1400)`, `(b. 1685, d.
# 1750)`, `EPS of $1.64 vs. est. $1.60`), kept before a number or an amount but not after
# one, where they are a measure's unit ending a sentence (`The wall is 3 m. 12 workers`).
_DATING = "c ca b d m fl r est rev".split()
_DATING_ABBREVIATIONS = _DATING + [word.capitalize() for word in _DATING]
# And the labels of measures and amounts in notes, forms and listings (`Wt. 82 kg`, `Rs. 970
# crore`, `Min. 2 yrs`, `5 ft. 10 in.`).
_NUMBERING += "rs wt ht temp min max req ft lb lbs oz".split()
# And a listing's (`avail. 7/1`, `qty. 3`), an ordinance's, a room's, a school's and a
# bank's (`Ord. No. 1187`, `Rm. 204`, `Gr. 5`, `Yr. 9`, `Sem. 2`, `acc. 01234567`).
_NUMBERING += "avail qty ord rm sem acc".split()
# And a statute's sections and schedules (`s. 18`, `ss. 5 to 7`, `Sch. 2`).
_NUMBERING += "s ss sch".split()
# And a grade's and a year's at school in this case only (`Gr. 5`, `Yr. 9`; `this yr. 2024`),
# and a month's in lower case, as queries and speech write it (`jan. 6 committee`).
_CAPITALISED_NUMBERING = "Gr Yr".split()
_NUMBERING += "jan feb mar apr jun jul aug sep sept oct nov dec".split()
# And a book's and a manuscript's parts in footnotes (`chap. 3`, `bk. 6, ll. 119-236`, `fol.
# 12`, `pt. 2, sect. 4`, `vv. 3-5`), a podcast's episodes and a composer's works (`Ep. 214`,
# `Op. 9 No. 2`), and the currencies of Bangladesh, Kenya, Uganda and Indonesia (`Tk. 50
# crore`, `KSh. 500 million`, `Shs. 20,000`, `Rp. 5.000`).
_NUMBERING += "chap fol fols bk ll pt sect vv ep op tk ksh kshs shs rp".split()
# And the days of the week before a date or a time (`Wed. 26 March`, `Sat. 8 a.m.`), in
# capitals only: `sat.` and `wed.` are verbs, which end sentences.
_WEEKDAY_ABBREVIATIONS = "Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split()
_NUMBERING_ABBREVIATIONS = _NUMBERING + [word.capitalize() for word in _NUMBERING
                                         if word.capitalize() not in _ABBREVIATIONS_ANY_CASE] + [
    form for day in _WEEKDAY_ABBREVIATIONS for form in (day, day.upper())] + [
    "KSh", "KShs"] + _CAPITALISED_NUMBERING
_NUMBER_NEXT = r"\s[$\u20ac\u00a3\u00a5]?\d"  # what follows them: a number or an amount
# A month's name or abbreviation before its day (`Thu. July 18`, `Sat. Mar. 9`; not `The Sun.
# Mary said`).
_MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
               r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s\d")
# A code that `no.`, `reg.` and `ref.` number (`no. INV-2024-00871`, `reg. YH68 OWB`, `our ref.
# AB1234`, `ref. CLM/MTR/2024/0884127`): letters and at least two digits, or three after a
# hyphen, or a slash; not `G7`, `COVID-19`.
_CODE_NEXT = r"\s[A-Z]{2,6}(?:\d{2}|-\d{3}|/[A-Z0-9/]*\d)"
# The books of the Bible as references abbreviate them.
_BOOKS = ("Gen Exod Lev Num Deut Josh Judg Sam Kgs Chron Neh Esth Ps Psa Prov Eccl Eccles Isa "
          "Jer Lam Ezek Dan Hos Obad Mic Nah Hab Zeph Hag Zech Mal Matt Mk Lk Jn Rom Cor Gal "
          "Eph Phil Col Thess Tim Tit Philem Heb Jas Pet Rev "
          # and those of Catholic Bibles (`Sir. 3:2-6`, `1 Macc. 2:15`), and Isaiah's `Is. 55:10`
          "Tob Jdt Wis Sir Ecclus Bar Macc Is").split()
# A patent's, an invoice's and a letter's references (`U.S. Pat. No. 10,814,736`, `Pub.
# Date:`, `Pat. App. No.`, `VAT Reg. No.`, `reg. YH68 OWB`, `Ref. No. 55`, `our ref. AB1234`):
# before what they qualify only, as `Pat` and `Reg` are names and `ref.` a referee too.
_REFERENCE_NO = r"\s(?:No|NO|Nos|no)\b"
# Parties' abbreviations, as results in prose write them in brackets (`Sue Webber (Con.)`).
_PARTIES = "Con|Cons|Lab|Dem|Rep|Lib|Grn|Ind|Ref|Soc|Nat|Prog|Cent"
# The exchanges' and share classes' letters after a ticker (`VOD.L`, `BRK.B`, `0700.HK`).
_EXCHANGES = ("L A B T HK SW OL PA DE TO AX SI NS BO SS SZ KS CO ST HE MI AS BR VI SA MX "
              "TW JK KL BK").split()
_REFERENCES = (rf"(?:Pat|PAT)\.(?={_REFERENCE_NO}|\s(?:App|APP|Appl|APPL)\b)"
               rf"|(?:Pub|PUB)\.(?={_REFERENCE_NO}|\s(?:Date|DATE)\b)"
               rf"|(?:App|APP|Ord)\.(?={_REFERENCE_NO})"  # `Ord. No. 1187`, an ordinance's
               rf"|(?:Reg|REG|reg|Ref|REF|ref)\.(?={_REFERENCE_NO}|{_NUMBER_NEXT}|{_CODE_NEXT})")
# A telephone's labels: its abbreviations keep their period before its number, which may
# open with `+` or a bracket (`tel. +351 218`, `Fax. (207) 555`, `ext. 2`), and the model
# keeps every label outside entities (PHONE_LABELS).
_PHONE_ABBREVIATIONS = "tel t\u00e9l ph fax ext mob".split()
_PHONE_WORDS = _PHONE_ABBREVIATIONS + "phone mobile cell telephone telefon".split()
_PHONE_LABELS = [form for word in _PHONE_ABBREVIATIONS for form in (word, word.capitalize())]

# A period that closes the text (perhaps before a closing quote) is sentence punctuation,
# not part of an abbreviation, as CoNLL-2003 writes it (`... the firm's Chairman J .`), but
# for a dotted abbreviation and one that ends a name (below).
# (Written so the two whitespace runs cannot trade characters: that would be quadratic.)
_NOT_FINAL = r"(?!\s*(?:[\"'\u201d\u2019]\s*)?\Z)"
# Abbreviations that end a name keep their period even where it closes the text, and so do
# dotted ones: it is part of the name (`Apple Inc.`, `King Jr.`, `the U.S.`). CoNLL-2003 splits
# it off there (`Apple Inc .`, `the U.S .`, 37 sentences), and the entity came back clipped
# (`Apple Inc`); the model tags `Inc.` there as it does mid-sentence.
_NAME_ENDINGS = NAME_ENDINGS + [ending.upper() for ending in NAME_ENDINGS]

# "'s", "'re", "n't", ... (PTB clitics). Only when the word really ends there.
_CLITIC = (
    rf"{_APOSTROPHE}(?:[sSdDmM]|re|RE|ve|VE|ll|LL){_WORD_END}"
    rf"|[nN]{_APOSTROPHE}[tT]{_WORD_END}"
)

# Period after "U.S" / "a.m" (a letter right after a period) or after a lone capital "J",
# "É" or "Ł" (`Prof. Ł. Kaiser`, `Š. Novák`: Latin-1's and Latin Extended's capitals).
_EXTENDED_CAPITALS = "".join(c for c in map(chr, range(0x100, 0x250)) if c.isupper())
_CAPITAL = rf"[A-Z\u00c0-\u00d6\u00d8-\u00de{_EXTENDED_CAPITALS}]"
_NAME_WORD = rf"{_CAPITAL}(?:'{_CAPITAL})?[a-z\u00df-\u00f6\u00f8-\u00ff]+"  # Sarah, José, O'Brien
# Not a unit's letter: a litre after a unit and a slash, a degree's scale, the second
# letter of an abbreviation of two written with a slash, is no initial (`mmol/L.`, `25° C.`,
# `38.5°C.`, `Denies N/V. Smith family at bedside`, `Central A/C. Walk to`), and its period
# is the sentence's; a name's after a slash is one (`Lennon/P. McCartney`, `REUTERS/K.
# Pfaffenbach`).
_ABBREVIATION_PERIOD = (
    rf"(?:(?<=\.{_LETTER})\.|(?<={_CAPITAL})(?<![\w.\u00b0]{_CAPITAL})(?<![a-z]/L)"
    rf"(?<!(?<!\w)[A-Z]/{_CAPITAL})"
    rf"(?<!\u00b0 [CFK])\.{_NOT_FINAL})"
)

# Words that start sentences but are not names: after an abbreviation they mean that the
# abbreviation's period also ended the sentence (model/sentences.py), and so does a period
# typed without its space before them (below). Kept to pronouns, determiners, conjunctions
# and prepositions, the words that open most news sentences; capitalised as at a sentence
# start.
SENTENCE_STARTERS = set(
    "A An The This That These Those It Its He She They We I You His Her Their Our My Your "
    "There Here But And Or So Yet However Meanwhile Also Then Now Still Instead Thus "
    "In On At For From With By As If When Where While After Before Since Although Though "
    "Despite During Under Over Other Some Many Most Such All Both Each Every No Not".split()
)

# A full stop typed without the space after it, between a word in lower case and a word
# that starts sentences ("John Smith.I then flew to Paris.Then Berlin"): chat does it, and
# read as one token "Paris.Then" was a word the model never saw. CoNLL-2003 has two such
# tokens ("low.In", "Govt.Fcast"). Only before those words and where the word ends: code
# (fmt.Println, React.Component) and addresses (John.News@Mail.Example.com) stay whole.
_STARTER = "|".join(sorted(SENTENCE_STARTERS, key=len, reverse=True))
GLUED_FULL_STOP = rf"(?<=[a-z][a-z])\.(?=(?:{_STARTER})(?![\w@]|\.\w))"

_JOINER = "|".join([
    rf"[{HYPHENS}](?={_WORD_CHAR})",             # pro-democracy, 2-1, 1996-08-30
    rf"[&@](?={_WORD_CHAR})|(?!{GLUED_FULL_STOP})\.(?={_WORD_CHAR})",  # AT&T, 1.5, www.x.com
    r"(?<=\d)[,:/](?=\d)",                       # 1,000  10:30  1/2
    rf"(?!{_CLITIC}){_APOSTROPHE}(?={_WORD_CHAR})",  # O'Brien, d'Italia (but not Britain's)
    rf"{_ABBREVIATION_PERIOD}-(?={_WORD_CHAR})",   # U.S.-based
])

_WORD = (
    r"(?:\+\.?(?=\d)|\.(?=\d))?"                 # +44, .500
    rf"{_WORD_PIECE}(?:(?:{_JOINER}){_WORD_PIECE})*"
    # U.S. / J. ; "non- seeded", "6- 3" ; ratings "AA+"
    rf"(?:{_ABBREVIATION_PERIOD}|[{HYPHENS}](?=\s|\Z)|\++(?=\s|\Z))?"
)

_URL_START = r"https?://|ftp://|www\."
# Any scheme's (`postgres://`, `s3://`): found after tokenizing (_code_whole), as a search
# of every word for a scheme would slow all text down.
_ANY_SCHEME = r"[a-zA-Z][a-zA-Z0-9+.-]{0,15}://"
# Up to a space, but not across Markdown's `)](` between a badge's image and its link.
_URL_BODY = r"(?:(?!\)\]\()[^\s<>\"])*[^\s<>\".,;:!?'\u2019)\]}]"
# A web address typed without its scheme, told by a domain and a path (`nytimes.com/2024/`,
# `bit.ly/3xYz`, `x.com/elonmusk`): a bare domain (`Amazon.com`) stays a word, a name as
# often as an address. Found after tokenizing (_bare_urls_whole), from the mark.
_TOP_LEVEL_DOMAINS = (
    "com org net edu gov mil int info biz io co ly me tv app dev ai gg fm cc ws xyz news blog "
    "online site uk de fr it es nl ru cn jp in au ca ch eu us be at se no dk fi pl br mx ie nz "
    "za sg hk kr tw"
).split()
_BARE_URL_START = rf"(?:[^\W_][\w-]*\.)+(?:{'|'.join(_TOP_LEVEL_DOMAINS)})/"
# Not a name, a slash and a name (`Amazon.com/Walmart`): the path of one capitalised word.
_BARE_URL = re.compile(_BARE_URL_START + r"(?![A-Z][a-z]*(?:[\s<>\".,;:!?'\u2019)\]}]|$))"
                       + _URL_BODY)
_BARE_URL_MARK = re.compile(r"\.[a-z]{2,6}/(?=[^\s<>\"])")

# An emoji's shortcode, a token of its own (`:tada:`): the model reads it as an emoji, which it
# keeps outside entities (documents.SHORTCODE_EMOJI); read as a word it was part of the
# names beside it (PER `:tada: Anna Schmidt`, LOC `:white_check_mark: Dublin`). A letter is
# looked for ahead, then the run taken whole: no backtracking over a long run without its
# closing colon.
_SHORTCODE = r"(?<!\S):(?:(?=[0-9_+-]*+[a-z])[a-z0-9_+-]++|[+-]1):(?![\w:])"

_EMOJI_EXTENSION = r"[\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]"

# An emoticon, a token of its own: eyes (`:`, `;`, `=`), perhaps a tear and a nose, and a mouth
# (`:D`, `:-P`, `;)`, `:'(`, `=)`), or a heart (`<3`, `</3`). Split into characters, its letter
# was read as a word (`hi :D` gave `D`). Only after a space or at the text's start and before
# no word, so `A:D`, `10:30`, `(see p. 3;)` and `Note:D-Day` stay as they were; a heart only
# where no word or number follows it on its line (`love you <3`, not `<3 hours`, `<3.5 mg`).
# The model reads one as an emoji (documents.SHORTCODE_EMOJI), which it keeps outside entities.
EMOTICON_SHAPE = r"[:;=]['\u2019]?-?(?:[()\[\]/*]|[DPpOo]++)|</?3++"
# (Its first character is matched before the space ahead of it is looked for: a search for
# a pattern that opens with a look behind tries it at every character.)
_EMOTICON_EYES = r"(?<!\S.)['\u2019]?-?(?:[()\[\]/*]|[DPpOo]++)(?![\w-])"  # after `:;=`
_EMOTICON_HEART = r"(?<!\S.)/?3++(?![^\S\n]*+(?:[\w\-\u2013+=~/%$]|[.,]\d))"  # after `<`
_EMOTICON = rf"[:;=]{_EMOTICON_EYES}|<{_EMOTICON_HEART}"

# A hashtag of words run together in capitals (`#OpenToWork`, `#ItalyTravel`), a token: read
# as one capitalised word it was a name (PER `ItalyTravel`, ORG `MachineLearning`), and an
# Instagram post's block of them gave ten. Kept outside entities as handles are (_ADDRESS).
# A tag of one word (`#Positano`) stays `#` and the word, which the model reads as any word.
_HASHTAG = r"#[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+(?![\w#])"

# At each position the first alternative that matches wins, so the special cases come
# before the general word and the catch-all single character comes last.
_TOKEN = re.compile(
    # The whitespace before a token is part of the match: the search would otherwise try
    # every rule below at every whitespace character, only to fail. The token is group 1.
    r"\s*+("
    + "|".join([
        # Most tokens are plain ASCII letters or digits followed by a space or by punctuation
        # that no rule below joins to a word: no other rule can give them anything else, so
        # trying this first spares them every other rule. Possessive (++): on failure, no
        # backtracking, straight on. (Not before "$", "+", "-", ".", "'", "&", "@" or ":",
        # nor before "," or "/" and a digit: "US$", "AA+", "http://", "1,000".)
        r"[A-Za-z0-9]++(?=[\s;!?()\[\]{}\"%]|[,/](?!\d)|\Z)",
        # Likewise a punctuation mark followed by a space: the catch-all rule's answer.
        r"[^\w\s](?=\s|\Z)",
        # A shell's `&&` between commands, one token, which the model keeps outside entities
        # as every run of symbols no entity holds; two `&` were names' (ORG `frontend && npm`).
        r"&&(?=\s|\Z)",
        # URLs, minus trailing punctuation: "see http://x.org/a." -> "http://x.org/a"
        rf"(?:{_URL_START}){_URL_BODY}",
        r"\A\d{1,3}\.(?=\s|\Z)",                # list numbering at the start: "1. Pivotal"
        _CLITIC,
        # a degree's letters (`M.Sc.`, `B.Sc. (Hons)`, `D.Phil.`, `B.Ed.`)
        r"[BMD]\.(?:Sc|Phil|Ed|Eng|Tech|Com|Arch|Litt|Pharm|Mus|Des)\.(?!\w)",
        # A name's ending, even at the text's end: "Apple Inc."
        rf"(?=[A-Za-z]{{2,4}}\.)(?:{'|'.join(_NAME_ENDINGS)})\.(?!{_WORD_CHAR}|-)",
        # Listed abbreviations: "Calif.", "Univ.", and "Ill.-based"; not the `v` of `n/v.`
        # (`w/Dr. Patel`, `D/Sgt. Ian Pike` are)
        rf"(?!(?<=[A-Za-z]/)v\.)(?=[A-Za-z]{{1,6}}\.)(?:{'|'.join(_ABBREVIATIONS)})\."
        rf"(?:-{_WORD_PIECE}(?:(?:{_JOINER}){_WORD_PIECE})*|{_NOT_FINAL}(?!{_WORD_CHAR}))",
        # Those that number what follows, before a number: "pp. 436", "est. $1.60"
        rf"(?=[A-Za-z]{{1,5}}\.)(?:{'|'.join(_NUMBERING_ABBREVIATIONS)})\.(?={_NUMBER_NEXT})",
        # Tel.: +49, and as French spaces it (`Tél. : +33`, `tél. 01 42`)
        rf"(?=\w{{2,3}}\.)(?:{'|'.join(_PHONE_LABELS)})\.(?=(?:[\s\u00a0\u202f]?:)?\s[+(]?\d)",
        # A song's featured artist (`Maya Torres ft. Big Sol`, `feat. Drake`); `ft.` after a
        # word, not a number (`8 ft.` is a measure, which may end a sentence)
        rf"(?:[fF]eat|(?<=[^\d\s] )[fF]t)\.(?=\s{_CAPITAL})",
        _REFERENCES,
        rf"(?=[A-Z][a-z]{{1,6}}\.)(?:{'|'.join(_AFFILIATION_ABBREVIATIONS.split())})\."
        rf"(?={_AFFILIATION_NEXT})",
        rf"(?=[A-Z]{{2,7}}\.)(?:{'|'.join(_AFFILIATION_ABBREVIATIONS.upper().split())})\."
        rf"(?={_AFFILIATION_NEXT_IN_CAPITALS})",
        # a Polish company's form (`Orbis Sp. z o.o.`)
        r"Sp\.(?=\s+z\s+o\.o\.)",
        # law reports' (`74 Cr. App. R. 302`: not a crore's `Rs 6,000 Cr.`, an app's `App.`)
        r"Cr\.(?=\s+App\b)|App\.(?=\s+(?:R|Rep|Div|Cas)\b)",
        # and an Australian councillor's (`Cr. Glen Hartwig`; not after the crore's number)
        rf"(?<!\d )Cr\.(?=\s{_CAPITAL})",
        # and the titles that are words or units too, only where they are titles: not after a
        # number (`Rs 1,200 Crs. Reliance`, `4.1 Sec. Porsche`, `$5 Bn. Analysts`), `per` or a
        # slash (`per Hr. Walmart`, `$18/Hr. Benefits`); `Cons.` in brackets or after a
        # comma (`Mr. Rao (Cons.)`, `Hargreaves, Cons. Orthopaedic`; not `Pros and Cons.
        # Marketing`), `Exec.` before `Prod.`, `Comm.` after `Asst.` (`OCPD Asst. Comm.
        # Shahrulnizam`; not `Federal Election Comm. Trump`)
        rf"(?<!\d )(?<!per )(?<!/)(?:Crs|Sec|Bn|Hr)\.(?=\s{_CAPITAL})",
        r"(?:(?<=\()|(?<=[a-z], ))Cons\.|Exec\.(?=\s+Prod\.)|(?<=Asst\. )Comm\.",
        # Parliament's (`the right hon. Gentleman`, `my hon. Friend`; not chat's `hon. Mike`)
        r"hon\.(?=\s+(?:Gentlem[ae]n|Lad(?:y|ies)|Friends?|Members?|and)\b)",
        rf"(?:no|No|NO)\.(?={_CODE_NEXT})",
        # a prescription's forms before a drug and its dose, opening its line or item
        # (`1. Tab. Dolo 650 mg`, `Cap. Omez 20`; `Inj.` and `Syp.` are listed): not a
        # keyboard's key (`Open a new Tab. Chrome 120 ships`)
        r"(?:(?<![^\n])|(?<=\d\. )|(?<=\d\) ))(?:Tab|Cap|TAB|CAP)s?\."
        r"(?=\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+\d)",
        # an editor's and a translator's (`Smith, J. (Ed.).`, `(eds.)`, `Bleak House. Ed.
        # Nicola Bradbury`, `Trans. Louise Maude`): in brackets, or opening a reference's part
        r"(?<=\()(?:[Ee]ds?|[Tt]rans)\.(?=\))",
        rf"(?:(?<=\. )|(?<![^\n]))(?:Eds?|Trans)\.(?=\s{_CAPITAL})",
        r"(?:[Oo]p|[Ll]oc)\.(?=\s+cit\b)",  # footnotes' `op. cit.` and `loc. cit.`
        r"(?<=\()prod\.",  # a track's producer (`(prod. Turbo)`; not `the fix to prod. Sarah`)
        # German doctors' and engineers' degrees (`Dr. med. Klaus Weber`, `Dr. rer. nat.`,
        # `Dipl.-Ing. Jan Berg`) and a letter's `z. Hd.` (for the attention of)
        r"(?<=Dr\. )(?:med|rer|phil|jur|dent|vet)\.|(?<=rer\. )nat\.|Dipl\.-Ing\.|z\.(?=\sHd\.)",
        # a timetable's arrival (`Arr. 15:36 Genève`, German `Ank.` and `Abf.`; `Dep.` is listed)
        r"(?:Arr|arr|Ank|Abf)\.(?=\s\d{1,2}[:.]\d{2})",
        # a genealogy's and an encyclopedia's born, died and married before a place or a
        # name (`Mary Walsh, b. 1869; m. Patrick Gallagher`, `physicist, b. Belfast`)
        rf"(?:(?<=[,;] )|(?<=\())[bdm]\.(?=\s{_CAPITAL})",
        # the days of the week in opening hours (`Sat. & Sun.`, `Tues.–Sun.`, `Wed., Oct. 9`)
        rf"(?:{'|'.join(_WEEKDAY_ABBREVIATIONS)})\.(?=\s*[&\u2013\u2014-]|,\s|\s{_MONTH_NAME})",
        rf"ex-(?:{'|'.join(TITLES)})\.(?=\s{_CAPITAL})",  # `ex-Gov. Andrew Cuomo`
        # a recipe's measures after their number, before an ingredient's brand (`1 tsp.
        # Diamond Crystal salt`; `8 oz. Philadelphia cream cheese` opening its line, not
        # `The baby weighed 8 lbs. Prince William`)
        rf"(?<=\d )(?:tsp|tbsp|Tbsp|TBSP|TSP|pkg|pkgs)\.(?=\s{_CAPITAL})",
        rf"(?:(?<=^\d )|(?<=\n\d )|(?<=^\d\d )|(?<=\n\d\d ))(?:oz|lb|lbs|qt)\.(?=\s{_CAPITAL})",
        # a party's or a side's abbreviation in brackets (`Sue Webber (Con.) 5,331`, `(Lib.
        # Dem.) 3,201`), which ended the sentence before the votes
        rf"(?<=\()(?:{_PARTIES})\.(?=\)|\s(?:{_PARTIES})\.\))",
        rf"(?:(?<=\([A-Z][a-z]\.\s)|(?<=\([A-Z][a-z]{{2}}\.\s)|(?<=\([A-Z][a-z]{{3}}\.\s))"
        rf"(?:{_PARTIES})\.(?=\))",
        rf"(?<![\d%]\s)(?=[A-Za-z]{{1,3}}\.)(?:{'|'.join(_DATING_ABBREVIATIONS)})\."
        rf"(?={_NUMBER_NEXT})",
        # A book of scripture before its chapter and verse (`1 Cor. 13:4`, `Rom. 8:28`), not
        # any word before a time (`in Rome. 10:30 was`)
        rf"(?:{'|'.join(_BOOKS)})\.(?=\s\d{{1,3}}:\d{{1,3}}(?!\d))",
        # A title or initials typed without the space before the name ("Mr.Smith",
        # "J.K.Rowling"), but for an address ("J.K.Rowling@example.com") or a domain.
        rf"(?=[A-Z][a-z]{{0,3}}\.{_CAPITAL})(?:(?:{'|'.join(TITLES)})\.|(?:[A-Z]\.){{1,3}})"
        rf"(?={_CAPITAL}(?:{_APOSTROPHE}?[^\W\d_])+(?![\w@]|\.\w))",
        # "do" of "don't", "ca" of "can't"; ASCII only, which is cheaper on every other word.
        rf"[a-zA-Z]+(?=[nN]{_APOSTROPHE}[tT]{_WORD_END})",
        r"[A-Z]{1,3}\$|GH[\u00a2\u20b5]",            # US$, HK$, C$, Ghana's cedi GH¢
        # a ticker with its exchange or its share's class before its sentence's full stop
        # (`Buy on VOD.L. Barclays is`, `BRK.B.`, `7203.T.`): that period is the sentence's
        rf"(?:[A-Z]{{2,5}}|\d{{4}})\.(?:{'|'.join(_EXCHANGES)})(?=\.(?:\s|\Z))",
        r"10\.\d{4,9}/[^\s\"<>]*[^\s\"<>.,;:!?)\]}']",  # a DOI (`doi: 10.1109/TIE.2022.3156789`)
        r"(?:Dato|DATO)['\u2019](?=\s)",  # Malaysia's `Dato' Sri`, read as `Dato` (documents.py)
        _WORD,
        # A handle: @sofia, @mark.chen; but not a display name's mention, a capitalised
        # name and surname (`@Sarah Lindqvist`, `@José García`, as Teams and Outlook write
        # one), whose `@` is a token of its own before the name.
        rf"(?!@{_NAME_WORD}(?:-{_NAME_WORD})? {_NAME_WORD})"  # not `@Jean-Pierre Dupont`
        rf"@{_WORD_PIECE}(?:\.{_WORD_PIECE}|-(?=[a-z0-9]){_WORD_PIECE})*",  # @lisa-hartmann
        _HASHTAG,
        _SHORTCODE,  # an emoji's shortcode, as Slack and GitHub write it (`:tada:`, `:+1:`)
        _EMOTICON,
        r"-{2,}|\.{2,}|\*{2,}|={2,}",            # --  ...  **
        r"[\U0001F1E6-\U0001F1FF]{2}",           # flag = pair of regional indicators
        # Any other character, with its combining marks; emoji keep modifiers and ZWJ sequences.
        rf"\S(?:\u200d\S|[{_BMP_MARKS}\u200c\u200d]"
        rf"|(?=[\U00010000-\U0010ffff])(?:[{_ASTRAL_MARKS}]|{_EMOJI_EXTENSION}))*",
    ])
    + ")"
)


SHORTCODE = re.compile(_SHORTCODE)
# A search for each first character alone: one that opens with a character class tries
# every character, one that opens with a character skips to it many times faster.
_EMOTICON_SEARCHES = [(eyes, re.compile(eyes + _EMOTICON_EYES)) for eyes in ":;="] + [
    ("<", re.compile("<" + _EMOTICON_HEART))]


def has_emoticon(text: str) -> bool:
    """Whether the text has an emoticon that the tokenizer reads as one (`:D`, `<3`)."""
    return any(eyes in text and search.search(text) for eyes, search in _EMOTICON_SEARCHES)


# Web and e-mail addresses as tokens: a URL as the rule above takes it, a word joined by "@"
# to a dotted domain, a chat's or a social network's handle (@sofia), and a hashtag of
# several words (_HASHTAG). An address is
# never a name. CoNLL-2003 tags its three O (www.internetstartup.com,
# derivatives@reuters.com, jeffrey.hodgson@reuters.com), too few to teach the model that, so
# a model trained on such data keeps them out of entities when it decodes (model/tagger.py)
# instead of tagging "https://www.reuters.com/world/" an ORG; and a handle, which it has
# never seen, came back as anything (@sofia LOC, @elonmusk ORG).
_ADDRESS = re.compile(rf"(?:{_URL_START}|{_ANY_SCHEME})\S+|{_BARE_URL_START}\S+"
                      r"|\w[\w.+-]*@\w[\w-]*(?:\.[\w-]+)+|@\w\S*|(?-i:" + _HASHTAG + ")",
                      re.IGNORECASE)
# What every address holds: text without any of these has no address, found in one search.
# (Its letters' cases spelled out: a search with IGNORECASE took four times as long.)
ADDRESS_MARKS = re.compile(r"@|#[A-Z]|://|[wW]{3}\.|\.[a-zA-Z]{2,6}/")


def is_address(token: str) -> bool:
    """Whether the token is a web or e-mail address."""
    return _ADDRESS.fullmatch(token) is not None


# The superscript digits, which mark footnotes (Merkel¹); a run of them is a token of its own.
# A text is searched for each with str's own search, many times faster than a regular
# expression's search for a class.
SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
# And the superscript letters that mark authors' affiliations (`Anjali Raghavanᵃ`, PER `Anjali
# Raghavanᵃ` before), at a word's end after a letter in lower case only: inside a word some
# are letters (Kʷakʷaka̱ʼwakw), and `Mᶜ` is an old McDonald.
SUPERSCRIPT_LETTERS = ("\u1d43\u1d47\u1d9c\u1d48\u1d49\u1da0\u1d4d\u02b0\u2071\u02b2\u1d4f"
                       "\u02e1\u1d50\u207f\u1d52\u1d56\u02b3\u02e2\u1d57\u1d58\u1d5b\u02b7\u02e3"
                       "\u02b8\u1dbb")
_FOOTNOTE_MARKS = SUPERSCRIPTS + SUPERSCRIPT_LETTERS
FOOTNOTE_MARK = re.compile(f"[{SUPERSCRIPTS}]+|(?<=[a-z])[{SUPERSCRIPT_LETTERS}]+(?!\\w)")

# A token of symbols alone: punctuation, marks like › and →, emoji, a footnote's mark; no
# letter or digit.
SYMBOLS = rf"(?:[^\w\s]|[{SUPERSCRIPTS}{SUPERSCRIPT_LETTERS}])+"
_SYMBOLS = re.compile(SYMBOLS)


# The `et al.` that ends a list of authors (`Smith et al.`): the tokens `et` and `al.`, or
# `al` before a sentence's full stop, in any case. Not `et al` without its period: CoNLL-2003
# tags it inside the names of Canada's oil wells (`Trax et al Morinville`, MISC). ET_AL finds
# where one may be in tokens joined by spaces: a quick search, as most text has none.
ET_AL = re.compile(r" al ?\.", re.IGNORECASE)


# The fillers of speech, as transcripts write them (`we uh talked to the bbc`): in lower case
# only, so that `UM` (a university) stays a name. Not `mm`, a millimetre in news, nor `ah` and
# `er`, which are parts of names too (`tan ah teck`, the surname Er) in lower-case text.
FILLER_WORDS = frozenset("uh uhm um umm erm hmm".split())
# IPA's stress and length marks, which only a phonetic transcription holds (`/ˈmɛrkəl/`,
# `[bəˈrɑːk]`): not its letters, some of which spell names (Azerbaijani's ə: `Əliyev`), nor
# the ʻokina of Hawaiʻi.
PRONUNCIATION_MARKS = re.compile("[\u02c8\u02cc\u02d0]")


# `e.g.` read as `like` by the model: it had never seen `e.g.` and read it as a name's
# initials (`(e.g. Barclays)` ORG `e.g. Barclays`); kept outside entities only, it took the
# bank's tag with it, and after `like` the model finds the name.
READ_AS = {"e.g.": "like", "E.g.": "Like", "E.G.": "LIKE"}
# Abbreviations the model took for names, and the words they stand for, which it knows:
# India's ranks (ORG `Addl.` in `Addl. SP Ravi Kumar`, ORG `Jt.`), Parliament's `hon.` (PER
# in `the right hon. Gentleman`), a statute's parts (ORG `Sch.` in `Sch. 2`, ORG `Act and
# ss.`, PER `Crim. L.R.`) and affiliations' words (MISC `Harvard Med.` for `Harvard Med.
# Sch.`, PER `Mayo Clin.`). Each in the cases it is written in; `Sch.` is a school's more
# often than a schedule's, and neither makes a name of `Sch. 2`.
ABBREVIATIONS_IN_FULL = {
    **{form: word for abbreviation, full in {
        "Addl.": "Additional", "Dy.": "Deputy", "Jt.": "Joint", "Comr.": "Commissioner",
        "Sch.": "School", "Crim.": "Criminal", "Med.": "Medical", "Ctr.": "Center",
        "Coll.": "College", "Lab.": "Laboratory", "Mem.": "Memorial", "Clin.": "Clinic",
        "Fdn.": "Foundation", "Hlth.": "Health", "Technol.": "Technology", "Surg.": "Surgery",
        "Cardiol.": "Cardiology", "Govt.": "Government"}.items()
       for form, word in ((abbreviation, full), (abbreviation.upper(), full.upper()))},
    "hon.": "honourable", "s.": "section", "ss.": "sections",
    # footnotes', references' and genealogies' (PER `p.` in `See p. 12`, PER `b.` and `d.`
    # in `(b. 1843, d. 1901)`, PER `c.` in `Chaucer (c. 1343)`, MISC `Ed.`, PER `dau.`, ORG
    # `educ. Glasgow Univ.`); `d.` between a result's two sides is read as `beat`
    # (documents.abbreviations_in_full)
    "p.": "page", "pp.": "pages", "n.": "note", "c.": "about", "ca.": "about",
    "b.": "born", "d.": "died", "m.": "married", "dau.": "daughter", "educ.": "educated",
    "Ed.": "Editor", "Eds.": "Editors", "ed.": "editor", "eds.": "editors",
    "Trans.": "Translator", "trans.": "translator", "def.": "beat",
    "bk.": "book", "pt.": "part", "ll.": "lines", "chap.": "chapter", "sect.": "section",
    # an episode's, an assistant's, a suite's and a volume's (ORG `Ep.` in `Ep. 5 of
    # Frieren`, ORG `Asst.`, ORG `Ste.`, ORG `Street Vol.` in `Hope on the Street Vol. 1`)
    "Ep.": "Episode", "ep.": "episode", "Asst.": "Assistant",
    "Ste.": "Suite", "Vol.": "Volume", "vol.": "volume",
    # a listing's days (LOC `Mon.` in `Office hours: Mon. – Fri.`, ORG `Sat. Mar.`) and a
    # recipe's measures before a brand (ORG `oz. Philadelphia`, ORG `Tbsp. Dijon`)
    **{f"{day}.": full for day, full in (
        ("Mon", "Monday"), ("Tue", "Tuesday"), ("Tues", "Tuesday"), ("Wed", "Wednesday"),
        ("Thu", "Thursday"), ("Thur", "Thursday"), ("Thurs", "Thursday"), ("Fri", "Friday"),
        ("Sat", "Saturday"), ("Sun", "Sunday"))},
    "oz.": "ounces", "tsp.": "teaspoon", "tbsp.": "tablespoon", "Tbsp.": "tablespoon",
    "lb.": "pounds", "lbs.": "pounds", "qt.": "quarts", "pkg.": "package",
    # the `Ma.` of Maria in Filipino names (`Ma. Lourdes Sereno` came back `Lourdes Sereno`)
    "Ma.": "Maria",
    # a hospital's letters' (ORG `Cons. Orthopaedic`, LOC `Enc.`), a Polish street's (PER
    # `ul. Pelplińska`), a Malaysian title's (MISC `Dato' Sri`: `Dato Sri Mustapa Mohamed`
    # is one PER) and degrees' (ORG `M.Sc.`, ORG `D.Phil.`)
    "Cons.": "Consultant", "Enc.": "Enclosure", "Encl.": "Enclosure", "ul.": "street",
    "Dato'": "Dato", "Dato\u2019": "Dato", "DATO'": "DATO", "DATO\u2019": "DATO",
    **{f"{level}.{subject}.": "degree" for level in "BMD"
       for subject in "Sc Phil Ed Eng Tech Com Arch Litt Pharm Mus Des".split()},
    # a song's featured artist (PER `Big Sol` after `featuring`, ORG 0.31 after `ft.`; `ft.`
    # is read so by documents.abbreviations_in_full, as a measure's `ft.` is not)
    "feat.": "featuring", "Feat.": "Featuring",
}
# The word of an Arabic or a Hebrew name that says "son of" or "daughter of" (`Mohammed bin
# Salman`, `Tamim bin Hamad Al Thani`, `Osama bin Laden`), which CoNLL-2003 never has: the
# model read it as a word between two names (PER `Mohammed`, PER `Salman`). Between two
# capitalised words it reads it as the `van` of Dutch names, which the data has inside 16
# names (model/tagger.py); `put it in the bin` stays as it is. In capitals too, between words
# in capitals (`HAJI FADILLAH BIN HAJI YUSOF` gave two PER), read as `VAN`; not `BEN`, a
# given name as often.
PATRONYMICS = frozenset(["bin", "ibn", "bint", "ben", "BIN", "IBN", "BINT"])
PATRONYMIC_READ_AS = "van"
# Latin's abbreviations in prose and footnotes (`banks (e.g. Barclays)`, `Visa, American
# Express etc.`, `Earl of Sandwich, s.v. MONTAGU`), which the model read into the names
# beside them: ORG `e.g. Barclays`, PER `s.v. MONTAGU`.
LATIN_ABBREVIATIONS = frozenset(
    [form for word in "e.g. i.e. etc. viz. cf. ibid. s.v. op. loc. cit.".split()
     for form in (word, word.capitalize(), word.upper())] + ["etc"])  # not `The ETC Group`
# A telephone's labels (`Tel. +49 89 636`, `Fax: (020) 7946`, `Mob 0170`): in every e-mail's
# signature, and the model had read `Tel` as ORG (0.89-1.0), as the `Tel` of `Tel Aviv`.
PHONE_LABELS = frozenset(
    form for word in _PHONE_WORDS for form in (word, word.capitalize(), word.upper())
    for form in (form, form + "."))
_PHONE_NUMBER_START = re.compile(r"\+\d|\d{3}|\d[\d.-]{3}")  # not `Mobile 3 Birmingham 2`


# A species' genus abbreviated before its epithet (`E. coli`, `S. aureus`, `C. diff`, `H.
# pylori`), which the model read as a person's initial and name (PER `E. coli` 0.999): an
# initial before a word in lower case, which CoNLL-2003 never shows; not a name's last
# initial after its given name (`Sarah K. says hi`, `George W. for the ride`), nor one before
# a name's particle or a word of English (`J. de Vries`, `A. and B. Smith`).
SPECIES_MARK = re.compile(r"(?<!\S)[A-Z]\. [a-z]{3}")  # a quick look at a batch's text
# A surname's particles in lower case (`van der Berg, J.`, `de Gaulle, C.`).
_SURNAME_PARTICLES = frozenset("van von der den de del della di da do dos das du la le ter ten "
                               "zu y bin ibn al el".split())
_NOT_EPITHETS = _SURNAME_PARTICLES | frozenset(
    "and the for from with says said was were has had who not are but nor yet".split())


def species_positions(tokens: Sequence[str]) -> list[int]:
    """The indices of each abbreviated genus and its epithet among a sentence's tokens."""
    positions = []
    for k in range(len(tokens) - 1):
        initial, epithet = tokens[k], tokens[k + 1]
        before = tokens[k - 1] if k else ""
        if (len(initial) == 2 and initial[1] == "." and "A" <= initial[0] <= "Z"
                and len(epithet) >= 3 and epithet.isalpha() and epithet.islower()
                and epithet not in _NOT_EPITHETS
                and not (before.istitle() and before.isalpha()
                         and before not in SENTENCE_STARTERS)):
            positions += [k, k + 1]
    return positions


def phone_label_positions(tokens: Sequence[str]) -> list[int]:
    """The indices of the telephone labels among a sentence's tokens: a label before its
    number, perhaps after a colon or a period and with its area code in brackets (`Tel :
    +49`, `Fax . ( 020 ) 7946`)."""
    positions = []
    for k, token in enumerate(tokens):
        if token in PHONE_LABELS:
            following = tokens[k + 1:k + 4]
            if following[:1] in ([":"], ["."]):
                following = following[1:]
            if following[:1] == ["("]:
                following = following[1:]
            if following and _PHONE_NUMBER_START.match(following[0]):
                positions.append(k)
    return positions


def et_al_positions(tokens: Sequence[str]) -> list[int]:
    """The indices of the tokens of each `et al.` among a sentence's tokens."""
    return [k + d for k in range(len(tokens) - 1)
            if tokens[k].lower() == "et" and (tokens[k + 1].lower() == "al." or (
                tokens[k + 1].lower() == "al" and k + 2 < len(tokens) and tokens[k + 2] == "."))
            for d in (0, 1)]


def is_symbols(token: str) -> bool:
    """Whether the token has no letter, digit or underscore (but superscript digits)."""
    return _SYMBOLS.fullmatch(token) is not None


# The marks that quote the lines of an earlier message in an e-mail reply: ">" (or "> >",
# ">>") at the start of a line. As tokens they sat between the words of every quoted line,
# so a wrapped sentence could not run on into the next line.
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_QUOTE_MARKS = re.compile(rf"(?<![^{_LINE_BREAKS}])[^\S{_LINE_BREAKS}]*>[>\t ]*")


# What an e-mail's headers put before a name or a subject: the copy fields "Cc:" and "Bcc:",
# and the prefixes of a reply's or a forward's subject ("Re:", "Fwd:", "Fw:", and the German,
# Scandinavian and Dutch "AW:", "SV:", "Antw:"; not those that are also common
# abbreviations), at the start of a line or after a subject field that starts one
# ("Subject:", "Betreff:", "Objet:", ...). As tokens the model took them for names ("Re" ORG
# 0.90, "FW" MISC, "Cc" ORG): CoNLL-2003 has no e-mail. A speaker's initials in a
# transcript ("AW: Thank you") go with them.
# The runs of spaces are possessive (*+): two greedy runs side by side, backing off against
# each other, took time quadratic in a line's leading whitespace (20,000 spaces: 14 s).
_SUBJECT_FIELDS = "subject|betreff|objet|asunto|oggetto|assunto|\u00e4mne|onderwerp|emne|aihe"
_HEADER_MARKS = re.compile(
    rf"(?<![^{_LINE_BREAKS}])([^\S{_LINE_BREAKS}]*+(?:(?i:{_SUBJECT_FIELDS})"
    rf"[^\S{_LINE_BREAKS}]*+:)?)"
    rf"((?:[^\S{_LINE_BREAKS}]*+(?:(?i:re|fwd?|b?cc)|AW|Aw|SV|Antw)[^\S{_LINE_BREAKS}]*+:)++)")


def _blank_header_marks(match: re.Match) -> str:
    return match.group(1) + " " * len(match.group(2))


# The fields of a forwarded or quoted e-mail's headers as Outlook writes them in German,
# French, Spanish, Portuguese, Italian, Dutch, Polish and the Scandinavian languages (`Von:
# Katrin Vogel`, `Gesendet: Dienstag`, `De : Amélie Dubois`, `Envoyé : lundi`, `Van:`,
# `Verzonden:`, `Para:`), and what English calls them: as words of their own the model took
# them for names (`Von` PER 0.95, `Van` PER, `Verzonden` PER, `Para` LOC), and it knows
# English's `From:`, `Sent:` and `To:`. Only in a block of headers, three fields or more on
# lines in a row, a sender's among them, as several are words too (`An`, `A`, `Data`).
_FIELDS_IN_ENGLISH = {
    "From": "Von De Van Da Fr\u00e5n Fra Od Remetente",
    "Sent": "Gesendet Envoy\u00e9 Verzonden Enviado Enviada Inviato Skickat Sendt Wys\u0142ano",
    "To": "An \u00c0 A Aan Para Till Til Do",
    "Date": "Datum Date Fecha Data",
    "Subject": "Betreff Objet Asunto Oggetto Assunto \u00c4mne Onderwerp Emne Aihe Temat",
}
def _each_word_as(table: dict[str, str]) -> dict[str, str]:
    """{english: "word word ..."} -> {word: english}."""
    return {word: english for english, words in table.items() for word in words.split()}


HEADER_FIELDS = _each_word_as(_FIELDS_IN_ENGLISH)
# The days and months of a date in those headers (`Gesendet: Dienstag, 14. Mai 2024`,
# `Envoyé : lundi 13 mai 2024`), which the model took for names too (ORG `Mai`, `lundi`).
_DATES_IN_ENGLISH = {
    "Monday": "Montag lundi maandag lunes luned\u00ec segunda-feira m\u00e5ndag mandag "
              "poniedzia\u0142ek",
    "Tuesday": "Dienstag mardi dinsdag martes marted\u00ec ter\u00e7a-feira tisdag tirsdag "
               "wtorek",
    "Wednesday": "Mittwoch mercredi woensdag mi\u00e9rcoles mercoled\u00ec quarta-feira "
                 "onsdag \u015broda",
    "Thursday": "Donnerstag jeudi donderdag jueves gioved\u00ec quinta-feira torsdag czwartek",
    "Friday": "Freitag vendredi vrijdag viernes venerd\u00ec sexta-feira fredag pi\u0105tek",
    "Saturday": "Samstag Sonnabend samedi zaterdag s\u00e1bado sabato l\u00f6rdag l\u00f8rdag "
                "sobota",
    "Sunday": "Sonntag dimanche zondag domingo domenica s\u00f6ndag s\u00f8ndag niedziela",
    "January": "Januar J\u00e4nner janvier januari enero gennaio janeiro stycznia",
    "February": "Februar f\u00e9vrier februari febrero febbraio fevereiro lutego",
    "March": "M\u00e4rz mars maart marzo mar\u00e7o marca",
    "April": "avril abril aprile kwietnia",
    "May": "Mai mai mei mayo maggio maio maj maja",
    "June": "Juni juin juni junio giugno junho czerwca",
    "July": "Juli juillet juli julio luglio julho lipca",
    "August": "ao\u00fbt augustus agosto augusti sierpnia",
    "September": "septembre septiembre settembre setembro wrze\u015bnia",
    "October": "Oktober octobre oktober octubre ottobre outubro pa\u017adziernika",
    "November": "novembre noviembre novembro listopada",
    "December": "Dezember d\u00e9cembre december diciembre dicembre dezembro grudnia",
}
DATE_WORDS = _each_word_as(_DATES_IN_ENGLISH)

# A greeting and a sign-off in another language, on a line of an English e-mail (`Hallo
# Tom,`, `Bonjour Katrin,`, `Viele Grüße,`, `Met vriendelijke groet,`), and what English
# writes there: the model took them for a name's first words (PER `Hallo Tom`, PER `Viele
# Grüße`, ORG `Mit freundlichen Grüßen`) and knows English's from its training lines
# (model/salutations.py). A greeting is read so at a line's start before a name and a
# comma, a `!` or the line's end; a sign-off where it is a line of its own, but for a comma
# or a `!`.
GREETINGS = {
    "Hello": "Hallo Bonjour Salut Hola Ciao Hej Hoi Ol\u00e1 Moin Servus Gr\u00fcezi Buongiorno "
             "Hei Tere Ahoj Witam",
    "Dear": "Liebe Lieber Ch\u00e8re Estimado Estimada Querido Querida Gentile Beste Prezado "
            "Prezada K\u00e6re K\u00e4ra",  # not `Cher`, `Cara`, `Caro`: names too
}
GREETING_WORDS = _each_word_as(GREETINGS)
SIGN_OFFS = {
    ("Viele", "Gr\u00fc\u00dfe"): ("Best", "regards"),
    ("Liebe", "Gr\u00fc\u00dfe"): ("Best", "regards"),
    ("Beste", "Gr\u00fc\u00dfe"): ("Best", "regards"),
    ("Freundliche", "Gr\u00fc\u00dfe"): ("Kind", "regards"),
    ("Mit", "freundlichen", "Gr\u00fc\u00dfen"): ("With", "kind", "regards"),
    ("Met", "vriendelijke", "groet"): ("With", "kind", "regards"),
    ("Met", "vriendelijke", "groeten"): ("With", "kind", "regards"),
    ("Med", "v\u00e4nliga", "h\u00e4lsningar"): ("With", "kind", "regards"),
    ("Med", "venlig", "hilsen"): ("With", "kind", "regards"),
    ("Med", "vennlig", "hilsen"): ("With", "kind", "regards"),
    ("Bien", "cordialement"): ("Kind", "regards"),
    ("Cordiali", "saluti"): ("Kind", "regards"),
    ("Distinti", "saluti"): ("Kind", "regards"),
    ("Un", "saludo"): ("Best", "regards"),
    ("Un", "abrazo"): ("Best", "wishes"),
    ("Cordialement",): ("Regards",), ("Saludos",): ("Regards",), ("Groeten",): ("Regards",),
    ("Gr\u00fc\u00dfe",): ("Regards",), ("Atenciosamente",): ("Regards",),
    ("Saluti",): ("Regards",), ("Hilsen",): ("Regards",), ("Pozdrawiam",): ("Regards",),
    ("Abra\u00e7os",): ("Regards",), ("Bises",): ("Regards",), ("Amiti\u00e9s",): ("Regards",),
    ("MfG",): ("Regards",), ("Mvh",): ("Regards",), ("Mvg",): ("Regards",),
}
_FOREIGN_FIELD = re.compile(
    rf"^[^\S\n]*+({'|'.join(HEADER_FIELDS)})[^\S\n]*+:(?=[^\S\n])", re.MULTILINE)
_HEADER_BLOCK = 3


def foreign_header_fields(text: str) -> list[int]:
    """Where the name of each field of a block of headers in another language
    (_FOREIGN_FIELD) starts in the text."""
    if ":" not in text or "\n" not in text:
        return []
    found, line, position = [], 0, 0
    for match in _FOREIGN_FIELD.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        found.append((line, match.start(1), HEADER_FIELDS[match[1]] == "From"))
    starts, run = [], []
    for field in found + [(-2, 0, False)]:  # a sentinel that ends the last run
        if run and field[0] != run[-1][0] + 1:
            if len(run) >= _HEADER_BLOCK and any(sender for *_, sender in run):
                starts += [start for _, start, _ in run]
            run = []
        run.append(field)
    return starts


# The line a mail client writes above a quoted message, in another language (Gmail's, Apple
# Mail's, Thunderbird's): `Am 03.03.2024 um 10:15 schrieb Hans Müller <hans@firma.de>:`, `Le
# lun. 3 mars 2024 à 10:15, Jean Dupont <jean@societe.fr> a écrit :`, `Op ma 3 mrt. 2024 om
# 10:15 schreef Jan de Vries <jan@bedrijf.nl>:`. The model took its words for names (ORG `Le`,
# PER `El lun`, ORG `Op ma`, PER `schreef Jan de Vries`), the splitter its abbreviated days and
# months for sentences' ends; English's `On Mon, Mar 3, 2024 at 10:15 AM John Smith wrote:` it
# reads right. A line that opens with a language's word for "on", holds a time and ends in
# its word for "wrote" and a colon; no longer than such lines get.
_ATTRIBUTION_OPENING = re.compile(r"^[^\S\n]*+(?:Am|Le|El|Il|Em|Op|Den|W)[^\S\n]", re.MULTILINE)
ATTRIBUTION_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")  # `10:15`, Danish `10.15`
# The languages' words for "wrote" (French's `a écrit` and Italian's `ha scritto` by their
# second word: `a` and `ha` are other words too).
ATTRIBUTION_VERBS = frozenset("schrieb \u00e9crit escribi\u00f3 scritto escreveu schreef skrev "
                              "napisa\u0142 napisa\u0142a kirjoitti".split())
_ATTRIBUTION_VERB = re.compile(rf"\b(?:{'|'.join(sorted(ATTRIBUTION_VERBS))})\b")
_ATTRIBUTION_LONGEST = 300


def attribution_lines(text: str) -> list[tuple[int, int]]:
    """Where each line above a quoted message in another language starts and ends in the
    text: one that opens with a language's word for "on", holds a time and then its verb for
    "wrote", and ends in a colon."""
    if "\n" not in text or ":" not in text or not any(verb in text for verb in ATTRIBUTION_VERBS):
        return []
    found = []
    for opening in _ATTRIBUTION_OPENING.finditer(text):
        end = text.find("\n", opening.end())
        end = len(text) if end < 0 else end
        if (end - opening.start() > _ATTRIBUTION_LONGEST
                or not text[opening.start():end].rstrip().endswith(":")):
            continue
        time = ATTRIBUTION_TIME.search(text, opening.end(), end)  # then the verb: each
        if time and _ATTRIBUTION_VERB.search(text, time.end(), end):  # search once, linear
            found.append((opening.start(), end))
    return found


# A bibliographic record's field tags, as PubMed's MEDLINE format and RIS write them, a line
# each (`PMID- 38123456`, `AU  - Haddad SK`, `AD  - Cleveland Clinic, ...`, `TY  - JOUR`):
# read as words, they came back ORG `AU`, ORG `AD`, ORG `JOUR`'s tag, PER `JT`. Only in a
# record, which opens with `PMID- ` or `TY  - `: elsewhere `UK - London` is a list's line.
_RECORD = re.compile(r"^(?:PMID- |TY  - )", re.MULTILINE)
RECORD_TAG = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,3}- ", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def record_tags(text: str) -> list[re.Match]:
    """The field tags of the bibliographic records in the text: from each record's opening
    (_RECORD) to the blank line after it (`UK - London` elsewhere keeps its `UK`)."""
    if ("PMID- " not in text and "TY  - " not in text) or _RECORD.search(text) is None:
        return []
    tags, done = [], 0
    for record in _RECORD.finditer(text):
        if record.start() < done:
            continue
        blank = _BLANK_LINE.search(text, record.start())
        done = len(text) if blank is None else blank.start()
        tags += RECORD_TAG.finditer(text, record.start(), done)
    return tags


# A genealogy's record as GEDCOM writes it, a line each: a level, a record's pointer on a
# level-0 line, a tag and the value (`0 @I1@ INDI`, `1 NAME John /Smith/`, `2 PLAC Ballina,
# County Mayo, Ireland`, `1 FAMS @F1@`). Read as words, the tags went into the names (PER
# `GIVN John`, ORG `PLAC Ballina`, PER `BIRT`) and a pointer split in two (`@I1` `@`).
# A line so is no GEDCOM's alone (`1 USA 39 41 33`, a medal table's): a run of them is,
# where it opens the file (`0 HEAD`) or a record (`0 @I1@ INDI`), or, three lines or more,
# where all its tags are GEDCOM's (`1 HOST Siemens` is none) and its levels go down and up
# as a record's do (a numbered list's only go up: `1 NAME` / `2 DATE` / `3 SIGN`). Custom
# tags open with an underscore (`_MARNM`).
GEDCOM_LINE = re.compile(r"^\ufeff?[^\S\n]*(\d{1,2}) (?:(@[A-Za-z0-9_:-]{1,20}@) )?"
                         r"(_[A-Z0-9_]{2,15}|[A-Z][A-Z0-9]{2,4})(?=[^\S\n]|\r?$)", re.MULTILINE)
# A GEDCOM line after a line break: a run's second line at least (a search that starts with
# the line break is many times faster than one that starts with a line's start)
_GEDCOM_SIGN = re.compile(r"\n[^\S\n]*\d{1,2} (?:@|_[A-Z]|[A-Z][A-Z0-9]{2})")
_GEDCOM_TAGS = set(
    "ABBR ADDR ADR1 ADR2 ADR3 ADOP AFN AGE AGNC ALIA ANCE ANCI ANUL ASSO AUTH BAPL BAPM BARM "
    "BASM BIRT BLES BURI CALN CAST CAUS CENS CHAN CHAR CHIL CHR CHRA CITY CONC CONF CONL CONT "
    "COPR CORP CREM CTRY DATA DATE DEAT DESC DESI DEST DIV DIVF DSCR EDUC EMAIL EMIG ENDL ENGA "
    "EVEN FACT FAM FAMC FAMF FAMS FAX FCOM FILE FONE FORM GEDC GIVN GRAD HEAD HUSB IDNO IMMI "
    "INDI LANG LATI LEGA LONG MAP MARB MARC MARL MARR MARS MEDI NAME NATI NATU NCHI NICK NMR "
    "NOTE NPFX NSFX OBJE OCCU ORDI ORDN PAGE PEDI PHON PLAC POST PROB PROP PUBL QUAY REFN RELA "
    "RELI REPO RESI RESN RETI RFN RIN ROLE ROMN SEX SLGC SLGS SOUR SPFX SSN STAE STAT SUBM "
    "SUBN SURN TEMP TEXT TIME TITL TRLR TYPE VERS WIFE WWW".split())
_GEDCOM_RUN = 3  # lines, where no `0 HEAD` or record's pointer shows the run a GEDCOM's
# A name's value, whose surname GEDCOM sets between slashes (`Bridget /Walsh/`: PER `Bridget
# /Walsh` read as written); a married name and an alias are names too.
_GEDCOM_NAME_TAGS = {"NAME", "ROMN", "FONE", "_MARNM", "_AKA", "_NAME"}
_GEDCOM_POINTER_VALUE = re.compile(r"[^\S\n]*@[A-Za-z0-9_:-]{1,20}@[^\S\n]*\r?$")
# A date's qualifiers and its calendar's escape (`2 DATE ABT 1845`, `BET 1840 AND 1845`,
# `@#DJULIAN@ 1700`): ABT came back ORG.
_GEDCOM_DATE_WORD = re.compile(r"(?<!\S)(?:ABT|AFT|BEF|BET|AND|CAL|EST|FROM|TO|INT|@#D[A-Z ]+@)"
                               r"(?!\S)")


def gedcom_lines(text: str) -> list[re.Match]:
    """The lines of the text's GEDCOM records (GEDCOM_LINE), each its level, pointer and tag
    matched: only in a run of such lines that opens the file or a record, or that reads as a
    record's (GEDCOM's tags, levels that go down and up)."""
    if "\n" not in text or _GEDCOM_SIGN.search(text) is None:
        return []
    found, run = [], []
    for line in GEDCOM_LINE.finditer(text):
        if run and text.count("\n", run[-1].end(), line.start()) != 1:
            found += _gedcom_run(run)
            run = []
        run.append(line)
    return found + _gedcom_run(run)


def _gedcom_run(run: list[re.Match]) -> list[re.Match]:
    """The run of consecutive GEDCOM-like lines, if it is a GEDCOM's, else nothing."""
    if any(line[1] == "0" and (line[2] or line[3] == "HEAD") for line in run) and len(run) > 1:
        return run
    if len(run) < _GEDCOM_RUN:
        return []
    levels = [int(line[1]) for line in run]
    steps = [after - before for before, after in zip(levels, levels[1:])]
    if all(line[3] in _GEDCOM_TAGS or line[3][0] == "_" for line in run) and 1 in steps and (
            any(step <= 0 for step in steps) and all(step <= 1 for step in steps)):
        return run
    return []


def gedcom_marks(text: str, lines: list[re.Match]) -> list[tuple[int, int]]:
    """The spans of the GEDCOM lines' syntax, read as no words: each line's level, pointer and
    tag, a value that is a pointer alone (`1 FAMS @F1@`), a name's slashes and a date's
    qualifiers."""
    marks = []
    for line in lines:
        marks.append((line.start(1), line.end()))
        value_end = text.find("\n", line.end())
        value_end = len(text) if value_end < 0 else value_end
        if _GEDCOM_POINTER_VALUE.match(text, line.end(), value_end):
            marks.append((line.end(), value_end))
        elif line[3] in _GEDCOM_NAME_TAGS:
            marks += [(k, k + 1) for k in range(line.end(), value_end) if text[k] == "/"]
        elif line[3] == "DATE":
            marks += [word.span() for word in
                      _GEDCOM_DATE_WORD.finditer(text, line.end(), value_end)]
    return marks


# The underscores of Markdown's and chat's emphasis (_Emmanuel Macron_, __bold__): a run of
# them that is not between two letters or digits. Within a word (snake_case, john_smith@x.com)
# and in an address they stay. As part of a token, "_Emmanuel" was a word the model had never seen.
_EDGE_UNDERSCORES = re.compile(r"(?<!_)(?:(?<![^\W_])_++|_++(?![^\W_]))")


# The second level of Word's, Outlook's and PowerPoint's bullets, exported as a letter `o`
# opening its line (`o Signed Brauer Logistik GmbH`): read as a word, it went into the name
# after it (ORG `o Tallis Health`). Where two lines or more open so, before a capital or a
# digit.
_LETTER_BULLET_SIGN = re.compile(r"\n[^\S\n]*o ")  # a quick look before the search
_LETTER_BULLET = re.compile(r"^([^\S\n]*)o(?=[^\S\n]+[A-Z0-9])", re.MULTILINE)


def _blank_letter_bullets(text: str) -> str:
    bullets = _LETTER_BULLET.finditer(text)
    if next(bullets, None) is None or next(bullets, None) is None:
        return text
    return _LETTER_BULLET.sub(r"\1 ", text)


def _spaces(match: re.Match) -> str:
    return " " * len(match.group())


# The marks of a block of comments in code, `#` or `//` opening two lines or more in a row
# (`# It was written by Anna Schmidt ... handed to Jennifer` / `# Walsh of Acme Labs`): the
# comment's text wraps as prose does, and the marks are whitespace as an e-mail's `>` is.
# One `# Heading` alone is Markdown's.
_COMMENT_BLOCK = re.compile(r"\n[^\S\n]*(#|//)[^\S\n][^\n]*\n[^\S\n]*\1[^\S\n]")
_COMMENT_MARK = re.compile(r"^([^\S\n]*)(#|//)(?=[^\S\n])", re.MULTILINE)


def _blank_comment_marks(text: str) -> str:
    """The text with the marks of its blocks of comments (_COMMENT_BLOCK) blanked: a mark
    opening a line whose line before or after opens with the same mark."""
    lines = text.split("\n")
    marks = [match[2] if (match := _COMMENT_MARK.match(line)) else None for line in lines]
    for k, mark in enumerate(marks):
        if mark and mark in (marks[k - 1] if k else None, marks[k + 1] if k + 1 < len(marks)
                             else None):
            lines[k] = _COMMENT_MARK.sub(lambda m: m[1] + " " * len(m[2]), lines[k], count=1)
    return "\n".join(lines)


def blank_separators(text: str) -> str:
    """The text as the tokenizer reads it: each separator (SEPARATORS, the marks that quote
    a line of an e-mail, the marks of a block of comments in code, the marks of an
    e-mail's headers, the underscores of emphasis, a post's retweet mark, Word's bullets
    exported as `o`, a bibliographic record's field tags, a GEDCOM record's levels, tags
    and pointers) replaced by a space, one for one,
    so the offsets hold."""
    gedcom = gedcom_lines(text)  # before the underscores of emphasis blank `_MARNM`'s
    gedcom_syntax = gedcom_marks(text, gedcom) if gedcom else []
    if ("|" in text or not text.isascii()) and _SEPARATOR.search(text):
        text = _SEPARATOR.sub(" ", text)
    if "\u00b7" in text:
        text = SPACED_MIDDLE_DOT.sub(" ", text)
    if ">" in text:
        text = _QUOTE_MARKS.sub(_spaces, text)
    if ("#" in text or "//" in text) and _COMMENT_BLOCK.search("\n" + text):
        text = _blank_comment_marks(text)
    if ":" in text:
        text = _HEADER_MARKS.sub(_blank_header_marks, text)
    if "_" in text:
        text = _blank_edge_underscores(text)
    if "RT @" in text:
        text = _RETWEET_MARK.sub("  ", text)
    if "o " in text and _LETTER_BULLET_SIGN.search(text):
        text = _blank_letter_bullets(text)
    tags = record_tags(text)
    if tags:
        text = _blank_spans(text, [tag.span() for tag in tags])
    if gedcom_syntax:
        text = _blank_spans(text, gedcom_syntax)
    return text


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each of the spans (in order, apart) replaced by as many spaces."""
    return "".join([text[done:start] + " " * (end - start)
                    for done, (start, end) in zip([0] + [end for _, end in spans], spans)]
                   + [text[spans[-1][1]:]])


_WORD_RUN = re.compile(r"\S+")
# Where an identifier's underscore may be: one at a word's edge beside a dot, a bracket or a
# second underscore (a quick search of the text before the run by run look).
_UNDERSCORED_CODE = re.compile(r"_(?:_|\w*\.\w)|[.(]_")
# "RT" before the handle of the post it repeats ("RT @reuters: ..."): a mark, as "Re:" is in
# an e-mail's subject, which the model took for an organisation (ORG 0.86).
_RETWEET_MARK = re.compile(r"(?<!\S)RT(?= @\w)")


# An identifier of code, whose underscores are its own, not emphasis: one with a dot, a
# bracket or `=` before a lower-case letter or a digit (`__init__.py`, `_config.yml`), an
# attribute that opens with one (`self._session`), a call (`close()`), or a name between
# double underscores (`__name__`). Not `_really_.`, nor `_U.S._` or `_J.P.Morgan_`.
_IDENTIFIER = re.compile(r"[.(=][a-z0-9]|\w\._+[a-z]|\(\)|(?<!\w)__[^\W_]\w*__(?!\w)")


def _blank_edge_underscores(text: str) -> str:
    """The text with the underscores of emphasis blanked, but for those in a run of
    non-space characters that holds an address mark (https://x.com/_next/, _jane_@x.org)
    or is an identifier of code (_IDENTIFIER): they are part of the address or the name.
    (Runs, not _ADDRESS searched over the text: that search takes time quadratic in the
    length of a long word before an "@".)"""
    if ADDRESS_MARKS.search(text) is None and _UNDERSCORED_CODE.search(text) is None:
        return _EDGE_UNDERSCORES.sub(_spaces, text)

    def blank(run: re.Match) -> str:
        word = run.group()
        if "_" not in word or ADDRESS_MARKS.search(word) or _IDENTIFIER.search(word):
            return word
        return _EDGE_UNDERSCORES.sub(_spaces, word)

    return _WORD_RUN.sub(blank, text)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Return ``(token, start, end)`` for each token, with ``text[start:end] == token``."""
    return tokenize_blanked(blank_separators(text))


def tokenize_blanked(text: str) -> list[tuple[str, int, int]]:
    """``tokenize`` for text that ``blank_separators`` has been through: a piece of a
    document, whose separators its place in the document decided (a ``>`` opens a line of
    the document, not necessarily of the piece)."""
    # Searching only up to the trailing whitespace keeps a long run of it from being scanned
    # again from each of its characters (the leading \s*+ would, and then find no token);
    # the rules see the end of the text there just as they would after the whitespace.
    end = len(text.rstrip())
    tokens = [(match[1], match.start(1), match.end(1)) for match in _TOKEN.finditer(text, 0, end)]
    if not text.isascii() and any(mark in text for mark in _FOOTNOTE_MARKS):
        tokens = _footnote_marks_apart(text, tokens)
    if not text.isascii() and EAST_ASIAN.search(text):
        tokens = _scripts_apart(tokens)
    if _AFFILIATION_MARK.search(text):
        tokens = _affiliation_marks_apart(text, tokens)
    if ("I." in text or "X." in text) and _REGNAL_NUMERAL.search(text):
        tokens = _regnal_numerals_apart(tokens)
    if "/" in text and _BARE_URL_MARK.search(text):
        tokens = _bare_urls_whole(text, tokens)
    marks = code_marks(text)
    if marks:
        tokens = _code_whole(text, tokens, marks)
    if "A/S" in text:
        tokens = _company_forms_whole(text, tokens)
    if (" d. " in text or " def. " in text or " bt. " in text) and _DEFEATED.search(text):
        tokens = _results_whole(text, tokens)
    if "r. " in text and _GERMAN_ABBREVIATION.search(text):
        tokens = _german_abbreviations_whole(text, tokens)
    if len(tokens) > 2 and tokens[-1][0] == "." and is_final_initial(tokens, text):
        tokens[-2:] = [(tokens[-2][0] + ".", tokens[-2][1], tokens[-1][2])]
    return tokens


# Words that a letter labels (`Exhibit B`, `vitamin D`, `size L`), which a name's initial
# never follows.
LETTERED = frozenset("exhibit schedule annex appendix attachment vitamin hepatitis type size "
                     "grade class plan phase part figure table section article chapter option "
                     "model group item unit level stage tier pool terminal hall gate room "
                     "building block row zone wing floor suite lot bay platform band series "
                     "category division team choice track route sector pier concourse".split())


_BEFORE_SIGNATURE = {"", "by", "By", "-", "--", "\u2013", "\u2014", "~"}


def is_final_initial(tokens: list[tuple[str, int, int]], text: str) -> bool:
    """Whether the text ends in a signature's name and initial (`Reviewed by Megan T.`,
    `- Priya R.`, `Best,` / `Anna S.`) or a field's (`Cashier: Marcus T.`, `Patient:
    KOWALCZYK, Teresa M.`): a capital and its period after a capitalised word that opens
    the text or follows `by`, a dash, a comma that ends its line (a sign-off's), a label's
    colon, or a surname in capitals and its comma that open the text or follow a label's
    colon, and that letters do not label (`Group B.`, `Plan B.`, `Council tax: Band D.`);
    or a reference's authors written surname first (`Said, Edward W.`, `Hinton, G.`).
    The period closes the text, which splits it off an initial as CoNLL-2003 does, and read
    as `Megan T .` the name was not found at all. After other words the capital is more
    often a label's (`top of Group B.`, `$20 million, Series B.`)."""
    (name, name_start, name_end), (letter, start, end), (_, period, _) = tokens[-3:]
    if not (end == period and len(letter) == 1 and letter.isupper() and name_end < start):
        return False
    if name == "," or is_initial(name):
        return _is_reference_authors(tokens, text)  # `Hinton, G.`, `Du Bois, W. E. B.`
    if not (name.istitle() and name.isalpha() and name.lower() not in LETTERED):
        return False
    before = tokens[-4] if len(tokens) > 3 else ("", 0, 0)
    if before[0] == "," and len(tokens) > 4 and _is_capitals_surname(tokens[-5][0]) and (
            _opens_field_value(tokens, len(tokens) - 5)):
        return True  # `Patient: KOWALCZYK, Teresa M.`
    return before[0] in _BEFORE_SIGNATURE or _opens_field_value(tokens, len(tokens) - 3) or (
        before[0] == "," and "\n" in text[before[2]:name_start]) or _is_reference_authors(
            tokens, text)


def _is_capitals_surname(word: str) -> bool:
    """`KOWALCZYK`: a surname as records write it before the given name and a comma."""
    return len(word) > 1 and word.isalpha() and word.isupper()


def _opens_field_value(tokens: list[tuple[str, int, int]], k: int) -> bool:
    """Whether token k opens the text or follows a field's label: a colon glued to a word
    (`Cashier:`, `Your driver:`), not one spaced as a list's (`as follows :`)."""
    return k == 0 or (k > 1 and tokens[k - 1][0] == ":" and tokens[k - 2][2] == tokens[k - 1][1]
                      and tokens[k - 2][0][-1:].isalnum())


def _is_reference_authors(tokens: list[tuple[str, int, int]], text: str) -> bool:
    """Whether the text, but its last period, is a reference's authors written surname
    first (`Said, Edward W.`, `Hinton, G.`, `3. LeCun, Y. & Hinton, G.`; inverted_authors),
    which a sentence ends with before the reference's title: the initial keeps its period,
    as it does inside the text (read as `Edward W .`, PER `Edward` alone; `Hinton , G .`,
    no `G`)."""
    words = [token for token, _, _ in tokens[:-1]]

    def opens_line(k: int) -> bool:
        return k == 0 or "\n" in text[tokens[k - 1][2]:tokens[k][1]]

    authors = inverted_authors(words, len(words) - 1, opens_line)
    # nothing before the first author, or the reference's number: `3.`, `[3]`, `3)`
    return authors is not None and _REFERENCE_NUMBER.fullmatch(
        "".join(words[:authors[0]])) is not None


# Words that open a line of prose before a comma, never an author's surname there
# (`Yesterday, John F. Kennedy Airport`, `Thanks, J. Smith`, `In Paris, John F. Kennedy`).
_NO_SURNAME = SENTENCE_STARTERS | set(
    "Yesterday Today Tonight Tomorrow Earlier Later Finally Separately Afterwards Recently "
    "Thanks Regards Cheers Sincerely Hi Hello Dear Yes Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September "
    "October November December Best Moreover Furthermore Nevertheless Nonetheless Therefore "
    "Hence Indeed Likewise Otherwise Besides Again First Second Third Next Well Sadly".split())


def opens_prose(word: str) -> bool:
    """Whether a capitalised word before a comma opening a line opens prose, not an author's
    surname: `Moreover, John F. Kennedy`, `Interestingly, Mary J. Blige`, `Best, K. Jones`."""
    return word in _NO_SURNAME or (word.endswith("ly") and len(word) > 4)
_REFERENCE_NUMBER = re.compile(r"(?:\[\d{1,3}\]|\d{1,3}[.)])?")
_GIVEN_NAMES = 4  # `W. E. B.`, `Mary Ann B.`: initials and given names, at most
_SURNAME_WORDS = 3  # `Du Bois`, `van der Berg`


def inverted_authors(words: Sequence[str], j: int,
                     opens_line: Callable[[int], bool]) -> tuple[int, int] | None:
    """If words[j], an initial, ends a list of authors written surname first, as MLA,
    Chicago and Nature write them (`Said, Edward W.`, `LeCun, Y., Bengio, Y. & Hinton,
    G.`), the first author's first word and how many authors there are. Each author is a
    surname, a comma and given names that end in an initial, and follows the one before it
    and a comma, `&` or `and`. words[j] may be a capital without its period, split off at
    the end of a text. ``opens_line(k)``: whether words[k] opens a line, which no name runs
    back across. The first author's surname opens no prose (`In Paris, John F.`,
    `Yesterday, George W.`)."""
    authors = 0
    while True:
        k = j
        while k > 0 and j - k < _GIVEN_NAMES and not opens_line(k) and (
                is_initial(words[k]) or (k == j and len(words[k]) == 1 and words[k].isupper())
                or (k < j and _is_name_word(words[k]) and not words[k].isupper())):
            k -= 1
        if k == j or k == 0 or words[k] != ",":
            return None
        authors += 1
        start = k
        while start > 0 and k - start < _SURNAME_WORDS and not opens_line(start) and (
                (_is_name_word(words[start - 1]) and len(words[start - 1]) > 1)
                or words[start - 1] in _SURNAME_PARTICLES):  # not `Plan A, B.`
            start -= 1
        if start == k:
            return None
        before = start - 1
        if before > 0 and words[before] in ("&", "and") and words[before - 1] == ",":
            before -= 1
        if (before > 0 and not opens_line(start) and words[before] in (",", "&", "and")
                and is_initial(words[before - 1])):
            j = before - 1  # another author before it: `Bengio, Y. & Hinton`
            continue
        return None if opens_prose(words[start]) else (start, authors)


def is_initial(word: str) -> bool:
    """`W.`: a capital and its period."""
    return len(word) == 2 and word[1] == "." and word[0].isupper()


def _is_name_word(word: str) -> bool:
    """A capitalised word, perhaps with a hyphen or an apostrophe (`LeCun`, `O'Brien`,
    `Smith-Jones`, `SAID`)."""
    return word[:1].isupper() and word.replace("-", "").replace("'", "").isalpha()


# What developers' text holds that no prose does: a file's path (`src/app/main.py`,
# `docs/index.md`, `/var/lib/data`, `./data`, `~/.bashrc`, `C:\Users\Maria\report.docx`,
# `GET /v3/charges/{id}`) and a command's flag (`--config`, `-X`, `-la`). Cut at their
# slashes and dashes, their parts came back as names (ORG `Maria`, ORG `gpus`, PER
# `verbose`): each is one token, which the model keeps outside entities (is_code), as it
# does a file's name and a dotted name of code (`pyproject.toml`, `com.acme.Main.run`). Not
# `and/or`, `km/h`, `Node.js/React`, `London/Paris/Berlin`: a relative path opens in lower
# case and has two slashes or ends in a file's extension. Not `-John` of a signature nor
# `-Tel Aviv`: a flag is a dash and a lower-case word or a single letter.
_PATH_PART = r"[\w.@{}+~-]+"
# Files' extensions that name no company or product (not `js`: `Node.js`; not `com`).
_FILE_EXTENSIONS = ("py toml yaml yml json md txt cfg ini java rb go rs sh bat ps1 docx xlsx "
                    "pptx pdf csv tsv html htm css xml lock log conf sql cpp hpp ipynb").split()
# The series that open the UN's and the EU's documents' symbols (the General Assembly's `A/`,
# the Security Council's `S/` and `SC/`, a Commission's `IP/`, `COM/`), not any capitals
# (`ISO/IEC/27001`, `UK/EU/2020` are names).
_DOCUMENT_SERIES = "(?:A|S|E|ST|SC|GA|SG|HRC|CRC|CCPR|CEDAW|IP|MEMO|COM|SWD|SPEECH)"
_CODE = re.compile(
    rf"(?<![^\s:=(\[\"'`])(?:"
    rf"{_ANY_SCHEME}{_URL_BODY}"                                   # postgres://db/x
    rf"|[A-Za-z]:\\(?:{_PATH_PART}\\)*{_PATH_PART}"               # C:\Users\x
    rf"|(?:~|\.\.?)/(?:{_PATH_PART}/)*{_PATH_PART}/?"                # ./data, ~/.x, ../x
    rf"|(?:/{_PATH_PART}){{2,}}/?"                                    # /var/lib, not /CNW/
    rf"|(?=[a-z0-9_.]){_PATH_PART}(?:/{_PATH_PART}){{2,}}/?"          # src/app/main.py
    rf"|(?=[a-z0-9_.]){_PATH_PART}/[\w@+~-]+\.[a-z][a-z0-9]{{0,4}}"   # docs/index.md
    rf"|--?(?:[a-z][\w-]*|[A-Za-z](?![\w-]))"                         # --config, -X
    rf"|[ur]/[^\W_][\w-]{{2,}}"                                       # Reddit's u/x, r/x
    rf"|(?!www\.)[a-z_][\w-]*(?:\.[A-Za-z_]\w*){{2,}}"                  # com.acme.Main.run
    rf"|[\w-]+\.(?:{'|'.join(_FILE_EXTENSIONS)})"                        # pyproject.toml
    # a document's symbol at the UN and the EU (`S/RES/2729`, `A/RES/76/262`, `SC/15612`,
    # `E/CN.4/2005/L.10`): cut at its slashes, ORG `S/RES`, ORG `SC`; with one slash, five
    # digits or more after it, as a flight's `BA/2490` has four
    rf"|{_DOCUMENT_SERIES}(?:(?:/[A-Z][A-Z0-9.]*)+/\d[\w.]*|/\d[\w.]*/[\w.]+|/\d{{5,}})"
    rf"(?:/[\w.]+)*"
    rf")(?<!\.)(?=[\s.,;:)\]\"'`=]|\Z)")  # not its sentence's full stop
# What every path and flag holds: a slash or a backslash, or a dash after a space and before
# a letter (found from the dash, which a search skips to quickly: a pattern led by the
# lookbehind took 0.13 us a token of every text).
_PATH_MARK = re.compile(r"[/\\]")
_FLAG_MARK = re.compile(r"-(?<=(?<!\S)-)-?[A-Za-z]")  # wider than a flag: _CODE decides


def code_marks(text: str) -> list[int]:
    """Where in the text a path or a flag may be, in order: a text, or tokens joined by
    spaces, without any has none."""
    marks = [match.start() for match in _PATH_MARK.finditer(text)] if (
        "/" in text or "\\" in text) else []
    if "-" in text:
        marks = sorted(marks + [match.start() for match in _FLAG_MARK.finditer(text)])
    return marks


def is_code(token: str) -> bool:
    """Whether the token is a file's path or a command's flag (_CODE), or an abbreviation
    with a slash (_SLASHED: `John Smith C/O Siemens` had given PER `John Smith C/O`)."""
    return _CODE.fullmatch(token) is not None or _SLASHED.fullmatch(token) is not None


# A Danish or Norwegian company's form (`Novo Nordisk A/S`): cut at its slash, it came back
# outside the name, or as a name's `A`.
_COMPANY_FORM = re.compile(r"(?<![\w&.-])([A-Z][\w&.-]*)\s+(A/S)(?![\w/])")  # `Nordisk A/S`


def _company_forms_whole(text: str, tokens: list[tuple[str, int, int]]
                         ) -> list[tuple[str, int, int]]:
    """The tokens with each company's form (_COMPANY_FORM), `A` `/` `S`, one token after a
    capitalised word of a name (not the A/S of exams, `The A/S level`, `Check the A/S`)."""
    return _whole(text, tokens, [match.span(2) for match in _COMPANY_FORM.finditer(text)
                                 if match[1] not in SENTENCE_STARTERS])


# German's abbreviations of a street and of a number before a number (`Friedrichstr. 68`,
# `Rechnungs-Nr. 2024-118`, `Nr. 5`), in an address, an invoice or a receipt inside an
# English e-mail: their periods were read as full stops, `Rechnungs-Nr` PER.
_GERMAN_ABBREVIATION = re.compile(r"(?:[^\W\d_]str|(?<![^\W\d_])Nr)\.(?=\s\d)")


# A result's `defeated` between its two sides, a name or a team's tag each (`Sinner d.
# Shelton 6-2`, `T1 def. BLG`, `(3) Sabalenka d. Gauff`); not a letter or a word in lower case
# (`ends in the letter d. Sandra`, `i'll be there def. Sarah`).
_DEFEATED = re.compile(r"(?<![\w.])(?:[A-Z][\w'-]*|\w*\d\w*|\)) ((?:d|def|bt)\.)(?= [A-Z(\[])")


def _results_whole(text: str, tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The tokens with each result's `d.`, `def.` and `bt.` (_DEFEATED) one token."""
    return _whole(text, tokens, [match.span(1) for match in _DEFEATED.finditer(text)])


def _german_abbreviations_whole(text: str, tokens: list[tuple[str, int, int]]
                                ) -> list[tuple[str, int, int]]:
    """The tokens with each of German's abbreviations before a number
    (_GERMAN_ABBREVIATION), from its word's start to its period, one token."""
    spans = []
    for match in _GERMAN_ABBREVIATION.finditer(text):
        start = match.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_"):
            start -= 1
        spans.append((start, match.end()))
    return _whole(text, tokens, spans)


# Abbreviations written with a slash (`C/O Acme Corp`, `w/o`, `R/O`): cut at it, `O Acme
# Corp` came back an ORG. (Not `N/A`, which CoNLL-2003 writes `N / A`.)
# So are a listing's, a nurse's and India's (`In-unit W/D.`, `Denies N/V/D.`, `Delivered by
# C/S.`, `Strict I/O.`, `M/s. Larsen & Toubro`, India's Messrs).
_SLASHED = re.compile(r"(?<![\w/])(?:[Cc]/[Oo]|[Ww]/[Oo]|[Aa]/[Cc]|R/O|[Ww]/[Dd]|N/V(?:/D)?"
                      r"|[Nn]/[Vv]|C/S|I/O|A/P|M/[Ss]\.?)(?![\w/])")


# A grant's or a file's reference, capitals and digits between slashes, two of its parts
# or more with digits (`AH/X004512/1`, `CLM/MTR/2024/0884127`; not a standard's `ISO/IEC/27001`):
# cut at its slashes, its parts were names (PER `Grant AH`, ORG `CLM`).
_REFERENCE_CODE = re.compile(r"(?<![\w/])(?=[A-Z0-9/]*[A-Z])(?=[A-Z0-9/]*\d{3})"
                             r"(?:[A-Z0-9]{1,12}/){2,}[A-Z0-9]{1,12}(?![\w/])")


def _references(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the references (_REFERENCE_CODE) in text[start:end]."""
    return [match.span() for match in _REFERENCE_CODE.finditer(text, start, end)
            if sum(any(c.isdigit() for c in part) for part in match[0].split("/")) >= 2]


def _code_whole(text: str, tokens: list[tuple[str, int, int]], marks: list[int]
                ) -> list[tuple[str, int, int]]:
    """The tokens with each path and flag (_CODE), each abbreviation with a slash
    (_SLASHED) and each reference (_REFERENCE_CODE), made one token: found in the run of
    non-space characters around each of the code_marks, each run looked at once."""
    spans, covered = [], -1
    for mark in marks:
        if mark < covered:
            continue
        start, end = mark, mark + 1
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        covered = end
        spans += [match.span() for match in _CODE.finditer(text, start, end)]
        spans += [match.span() for match in _SLASHED.finditer(text, start, end)]
        spans += _references(text, start, end)
    return _whole(text, tokens, sorted(spans))


def _whole(text: str, tokens: list[tuple[str, int, int]], spans: list[tuple[int, int]]
           ) -> list[tuple[str, int, int]]:
    """The tokens with those inside each (start, end) span of the text, in order, made one
    token, where the span starts and ends where tokens do."""
    if not spans:
        return tokens
    starts = [start for _, start, _ in tokens]
    result, taken = [], 0
    for start, end in spans:
        first = bisect_left(starts, start, taken)
        last = first
        while last < len(tokens) and tokens[last][2] <= end:
            last += 1
        if last - first < 2 or starts[first] != start or tokens[last - 1][2] != end:
            continue  # one token already, or it does not end where a token does
        result += tokens[taken:first]
        result.append((text[start:end], start, end))
        taken = last
    return result + tokens[taken:]


def _bare_urls_whole(text: str, tokens: list[tuple[str, int, int]]
                     ) -> list[tuple[str, int, int]]:
    """The tokens with each web address typed without its scheme made one token: cut at
    its slashes, its path's words came back as names (`linkedin.com/in/SatyaNadella` gave
    LOC `SatyaNadella`)."""
    spans = []
    for mark in _BARE_URL_MARK.finditer(text):
        if spans and mark.start() < spans[-1][1]:
            continue  # inside the address found last: each is matched once
        start = mark.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-_."):
            start -= 1
        if start and not (text[start - 1].isspace() or text[start - 1] in "([{<\"'"):
            continue  # part of something longer: `https://x.com/`, a path `a/b.py/`
        url = _BARE_URL.match(text, start)
        if url and url.end() > mark.end():
            spans.append((start, url.end()))
    return _whole(text, tokens, spans)


# Chinese, Japanese and Korean write no space between their words and a name in Latin
# letters (`请联系David Kim确认。`, `田中さんとJohn Smithが来ます`, `Samsung에서 David Kim이`):
# as one token, the name came back with its neighbours (PER `请联系David Kim确认`). Their
# scripts' letters and the Latin ones are tokens apart, and the model keeps theirs outside
# entities (artifact.EAST_ASIAN_OUTSIDE): it cannot read them.
_EAST_ASIAN_LETTERS = ("\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                       "\uf900-\ufaff")
EAST_ASIAN = re.compile(f"[{_EAST_ASIAN_LETTERS}]")
_SCRIPT_RUN = re.compile(f"[{_EAST_ASIAN_LETTERS}]+|[^{_EAST_ASIAN_LETTERS}]+")


def _scripts_apart(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The tokens with each run of East Asian letters apart from the letters beside it."""
    result = []
    for token, start, end in tokens:
        if len(token) > 1 and EAST_ASIAN.search(token):
            result += [(run[0], start + run.start(), start + run.end())
                       for run in _SCRIPT_RUN.finditer(token)]
        else:
            result.append((token, start, end))
    return result


# An author's affiliation marks typed as plain digits, glued to the name (`Ingrid Solberg1,2`,
# `B. Andersen3`, `Watanabe4*`): as one token, a word the model never saw, and the name it
# ended was cut (`Mikkel B. Andersen3` gave PER `Mikkel B.`). Only on a capitalised word of
# four letters or more after a capitalised word or an initial, a name's first part: ratings
# and codes (`Baa1`, `Office365`) stay whole, and so do the genes and proteins of the same
# papers (`mice lacking Brca1`), and a product's name before its `+` (`Galaxy Note10+`; not
# `Galaxy Watch4 Classic`, which an author line without commas looks like: `Ingrid Solberg1
# Mikkel Andersen2`). CoNLL-2003 has one such token (`Brentford3`, a typo).
_AFFILIATION_MARK = re.compile(r"\d(?<=[^\W\d_]{4}\d)")  # where one may be: led by the digit,
# which most of a text's characters fail at once (led by the letters: 0.4 us a token)
_MARKED_NAME = re.compile(r"([^\W\d_]{4,})(\d{1,2}(?:,\d{1,2})*)")


def _affiliation_marks_apart(text: str, tokens: list[tuple[str, int, int]]
                             ) -> list[tuple[str, int, int]]:
    """The tokens with each plain-digit affiliation mark apart from the name it is glued to,
    but before a `+` (a product's name: `Galaxy Note10+`)."""
    result = []
    for k, (token, start, end) in enumerate(tokens):
        match = _MARKED_NAME.fullmatch(token)
        following = tokens[k + 1][0] if k + 1 < len(tokens) else ""
        if (match and match[1].istitle() and result and _is_name_part(result[-1][0])
                and following != "+"):
            split = start + len(match[1])
            result += [(match[1], start, split), (match[2], split, end)]
        else:
            result.append((token, start, end))
    return result


# A king's, a pope's or a war's number of one letter and the sentence's full stop (`George I.
# George II was`, `Pope Leo X. The`, `World War I. Veterans`): kept as an initial, the name
# ran into the next sentence (PER `George I. George II`, ORG `I. Veterans`). Not `V.`, a
# middle name's initial too (`Mary V. Smith`).
REGNAL_NAMES = frozenset(
    "War George Henry Charles Edward William Louis Elizabeth Mary Richard Philip Frederick "
    "Leo Pius Ferdinand Peter Catherine Alexander Nicholas Wilhelm Napoleon Juan Carlos Felipe "
    "Gustav Haakon Olav Harald Christian Umberto Victor Emmanuel Ludwig Otto Constantine".split())
_REGNAL_NUMERAL = re.compile(r"(?<=[a-z] )[IX]\.(?=\s+[A-Z]|\s*\Z)")


def _regnal_numerals_apart(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The tokens with a one-letter regnal number after a king's, a pope's or a war's name
    (REGNAL_NAMES) apart from its period, which ends the sentence."""
    result = []
    for k, (token, start, end) in enumerate(tokens):
        if len(token) == 2 and token[0] in "IX" and token[1] == "." and k and (
                tokens[k - 1][0] in REGNAL_NAMES):
            result += [(token[0], start, start + 1), (".", start + 1, end)]
        else:
            result.append((token, start, end))
    return result


def _is_name_part(token: str) -> bool:
    """A capitalised word or an initial (`Ingrid`, `B.`)."""
    return token.istitle() and (token.isalpha() or len(token) == 2 and token[1] == ".")


def _footnote_marks_apart(text: str, tokens: list[tuple[str, int, int]]
                          ) -> list[tuple[str, int, int]]:
    """The tokens with each run of superscript digits a token of its own, and what it was
    glued to tokenized as if it ended there: a footnote's mark (`Merkel¹`, `Merkel.³`), which
    as part of a word made a word the model never saw, and kept a full stop in it."""
    result = []
    for token, start, end in tokens:
        if len(token) == 1 or not FOOTNOTE_MARK.search(token):
            result.append((token, start, end))
            continue
        position = start
        for mark in FOOTNOTE_MARK.finditer(text, start, end):
            result += [(match[1], match.start(1), match.end(1))
                       for match in _TOKEN.finditer(text, position, mark.start())]
            result.append((mark.group(), mark.start(), mark.end()))
            position = mark.end()
        result += [(match[1], match.start(1), match.end(1))
                   for match in _TOKEN.finditer(text, position, end)]
    return result

