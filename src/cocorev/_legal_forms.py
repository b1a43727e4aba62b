# ruff: noqa: RUF001  (Cyrillic, Greek and full-width forms are the point of these tables)
"""Private tables for name normalisation: legal forms and listing noise, as people write them.

Every entry is written in its natural spelling ("S.A. de C.V.", "Gesellschaft mit
beschränkter Haftung", "株式会社"). :mod:`cocorev.normalize` compiles each one with the very
tokeniser it applies to names, so dotted, spaced, accented and upper-case spellings all
land on the same tokens; a spelling only needs listing once.

Nothing here is public: the tables may grow in any release.
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "AND_WORDS",
    "CJK_FORMS",
    "CONNECTORS",
    "DESCRIPTOR_QUALIFIERS",
    "FORMERLY",
    "LEADING_FORMS",
    "LEGAL_FORMS",
    "SECURITY_NOUNS",
    "STATUS_PARTS",
    "STRONG_DESCRIPTORS",
    "TRAILING_WORDS",
    "WEAK_DESCRIPTORS",
]

# fmt: off
#: Legal forms by jurisdiction (ISO 3166 code, or a region). Stripped where they end a
#: name or a comma/parenthesis-separated part of it, as often as they are chained.
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "US": (
        "Inc", "Inc.", "Incorporated", "Corp", "Corp.", "Corporation", "Co", "Co.", "Company",
        "Comp", "Comp.", "Cos", "Cos.", "Companies", "LLC", "L.L.C.", "LC", "L.C.", "PLLC",
        "P.L.L.C.", "LLP", "L.L.P.", "LLLP", "LP", "L.P.", "Ltd", "Ltd.", "Limited", "PC", "P.C.",
        "PA", "P.A.", "N.A.", "NA", "FSB", "& Co.", "and Company", "Limited Liability Company",
        "Limited Liability Co", "Limited Liability Co.", "Limited Partnership",
        "Limited Liability Partnership", "Limited Liability Limited Partnership",
        "Professional Corporation", "Professional Corp", "Professional Corp.",
        "Professional Limited Liability Company", "Professional Association",
    ),
    "GB": (
        "Ltd", "Ltd.", "Limited", "PLC", "P.L.C.", "Public Limited Company", "LLP", "LP", "CIC",
        "Unlimited", "& Co", "PCC", "ICC", "SPC",
    ),
    "IE": (
        "DAC", "CLG", "UC", "ULC", "Teoranta", "Teo", "Teo.", "CPT", "PLC",
    ),
    "CA": (
        "Ltée", "Limitée", "Incorporée", "ULC", "S.E.N.C.", "S.E.N.C.R.L.", "SENCRL",
    ),
    "AU": (
        "Pty Ltd", "Pty. Ltd.", "Pty Limited", "Pty", "Proprietary Limited", "NL",
    ),
    "NZ": (
        "Ltd", "Limited",
    ),
    "ZA": (
        "(Pty) Ltd", "(Proprietary) Limited", "(RF) (Pty) Ltd", "NPC", "SOC Ltd", "CC",
    ),
    "IN": (
        "Pvt Ltd", "Pvt. Ltd.", "P. Ltd.", "Private Limited", "(OPC) Private Limited", "OPC",
        "Pvt", "Private Ltd", "Private Ltd.", "Pvt Limited", "Pvt. Limited",
    ),
    "PK": (
        "(Pvt) Ltd", "(Private) Limited", "SMC-Pvt Ltd",
    ),
    "SG": (
        "Pte Ltd", "Pte. Ltd.", "Pte", "Private Limited",
    ),
    "MY": (
        "Sdn Bhd", "Sdn. Bhd.", "Sendirian Berhad", "Bhd", "Bhd.", "Berhad", "Sdn",
    ),
    "ID": (
        "Tbk", "Tbk.", "(Persero)", "Persero", "PT",
    ),
    "TH": (
        "Public Company Limited", "PCL", "Co., Ltd.", "จำกัด", "จำกัด (มหาชน)", "มหาชน",
    ),
    "VN": (
        "TNHH", "JSC", "Co., Ltd",
    ),
    "JP": (
        "KK", "K.K.", "Kabushiki Kaisha", "Kabushikigaisha", "Kabushiki Gaisha", "GK",
        "Godo Kaisha", "YK", "Yugen Kaisha", "株式会社", "(株)", "（株）", "㈱", "有限会社",
        "(有)", "㈲", "合同会社", "(同)", "合資会社", "(資)", "合名会社", "(名)", "Co., Ltd.",
        "株式會社", "有限會社", "合同會社", "合資會社", "合名會社",
    ),
    "CN": (
        "有限公司", "股份有限公司", "有限责任公司", "有限責任公司", "公司", "Co., Ltd.",
        "Company Limited",
    ),
    "KR": (
        "주식회사", "(주)", "㈜", "유한회사", "(유)", "유한책임회사", "Co., Ltd.",
    ),
    "IL": (
        'בע"מ', "בע״מ", "Ltd",
    ),
    "AE": (
        "LLC", "L.L.C.", "PJSC", "P.J.S.C.", "PSC", "FZE", "FZCO", "FZ-LLC", "ذ.م.م", "ش.م.ع",
        "FZC", "F.Z.C.", "FZ LLC", "DMCC", "RSC",
    ),
    "SA": (
        "ش.م.م", "CJSC", "Est", "Est.", "Establishment", "One Person Company",
    ),
    "QA": (
        "Q.S.C.", "QSC", "QPSC", "Q.P.S.C.", "WLL", "W.L.L.",
    ),
    "KW": (
        "K.S.C.", "KSC", "K.S.C.P.", "KSCP",
    ),
    "OM": (
        "SAOG", "S.A.O.G.", "SAOC",
    ),
    "EG": (
        "S.A.E.", "SAE",
    ),
    "DE": (
        "GmbH", "gGmbH", "mbH", "AG", "KG", "KGaA", "OHG", "GbR", "UG", "UG (haftungsbeschränkt)",
        "haftungsbeschränkt", "e.K.", "e.V.", "eG", "GmbH & Co. KG", "GmbH & Co. KGaA",
        "GmbH & Co. OHG", "AG & Co. KG", "AG & Co. KGaA", "SE & Co. KGaA", "& Co. KG",
        "Aktiengesellschaft", "Gesellschaft mit beschränkter Haftung", "Kommanditgesellschaft",
        "Offene Handelsgesellschaft",
    ),
    "AT": (
        "GesmbH", "Ges.m.b.H.", "Ges.mbH", "GmbH", "AG", "KG", "OG", "Gesellschaft m.b.H.",
        "Gesellschaft mbH",
    ),
    "CH": (
        "AG", "SA", "Sàrl", "S.à r.l.", "GmbH", "Sagl", "in Liquidation",
    ),
    "LU": (
        "S.à r.l.", "SARL", "S.A.", "SCA", "SCS", "SCSp", "SE", "S.àr.l.", "SICAV", "SICAF", "SPF",
        "RAIF", "SICAV-RAIF",
    ),
    "FR": (
        "SA", "S.A.", "SAS", "S.A.S.", "SASU", "SARL", "S.A.R.L.", "EURL", "SNC", "SCS", "SCA",
        "SCI", "SELARL", "GIE", "& Cie", "et Cie", "Cie", "Société Anonyme",
        "Société par actions simplifiée", "Société à responsabilité limitée",
        "Société en nom collectif",
    ),
    "BE": (
        "NV", "SA", "BV", "SRL", "BVBA", "B.V.B.A.", "SPRL", "S.P.R.L.", "CVBA", "SCRL", "NV/SA",
        "SA/NV", "VZW", "ASBL", "Comm.V.",
    ),
    "NL": (
        "BV", "B.V.", "NV", "N.V.", "VOF", "V.O.F.", "CV", "C.V.", "U.A.", "Coöperatie U.A.",
        "Besloten Vennootschap", "Naamloze Vennootschap", "Stichting",
    ),
    "IT": (
        "SpA", "S.p.A.", "Srl", "S.r.l.", "Srls", "S.r.l.s.", "Sapa", "S.a.p.a.", "Snc", "S.n.c.",
        "Sas", "S.a.s.", "Scarl", "S.c.a.r.l.", "Scpa", "S.c.p.a.", "Scrl", "Soc. Coop.",
        "Società per Azioni", "Società a responsabilità limitata", "Società Cooperativa", "& C.",
        "S.r.l. semplificata", "in liquidazione",
    ),
    "ES": (
        "SA", "S.A.", "SL", "S.L.", "SLU", "S.L.U.", "SAU", "S.A.U.", "SLL", "S.L.L.", "S.Coop.",
        "Sociedad Anónima", "Sociedad Limitada", "Sociedad de Responsabilidad Limitada", "Cía",
        "Cía.", "y Cía", "& Cía", "Sociedad Unipersonal", "Unipersonal",
    ),
    "PT": (
        "Lda", "Lda.", "Limitada", "Unipessoal Lda", "SA", "Sociedade Anónima",
        "Sociedade Anônima", "Unipessoal", "SGPS",
    ),
    "BR": (
        "Ltda", "Ltda.", "LTDA", "S/A", "S.A.", "EIRELI", "Cia. Ltda.",
    ),
    "MX": (
        "S.A. de C.V.", "SA de CV", "S.A.B. de C.V.", "SAB de CV", "S.A.P.I. de C.V.",
        "S. de R.L.", "S. de R.L. de C.V.", "S.C.", "de C.V.",
        "Sociedad Anónima de Capital Variable",
    ),
    "AR": (
        "S.R.L.", "S.A.", "S.A.S.", "S.A.I.C.", "S.A.C.I.", "S.A.C.I.F.", "S.A.I.C.F.",
    ),
    "CL": (
        "SpA", "Ltda", "S.A.",
    ),
    "CO": (
        "S.A.S.", "Ltda", "S.A.",
    ),
    "PE": (
        "S.A.C.", "S.A.A.", "E.I.R.L.", "S.R.L.",
    ),
    "SE": (
        "AB", "Aktiebolag", "Aktiebolaget", "AB (publ)", "(publ)", "publ", "HB", "KB",
    ),
    "NO": (
        "AS", "ASA", "ANS", "Aksjeselskap", "Allmennaksjeselskap",
    ),
    "DK": (
        "A/S", "ApS", "IVS", "K/S", "A.m.b.a.", "AMBA", "Aktieselskab", "Anpartsselskab",
    ),
    "FI": (
        "Oy", "Oyj", "Ab", "Oy Ab", "Ky", "Tmi", "Osakeyhtiö", "Julkinen osakeyhtiö",
    ),
    "IS": (
        "hf", "hf.", "ehf", "ehf.",
    ),
    "EE": (
        "OÜ", "AS", "MTÜ", "TÜ", "Osaühing", "Aktsiaselts",
    ),
    "LV": (
        "SIA", "AS",
    ),
    "LT": (
        "UAB", "AB",
    ),
    "PL": (
        "sp. z o.o.", "Sp. z o.o.", "Sp.z o.o.", "S.A.", "sp.k.", "sp.j.", "S.K.A.",
        "spółka z ograniczoną odpowiedzialnością", "spółka akcyjna", "spółka komandytowa",
        "spółka jawna",
    ),
    "CZ": (
        "s.r.o.", "spol. s r.o.", "a.s.", "v.o.s.", "k.s.", "akciová společnost",
        "společnost s ručením omezeným",
    ),
    "SK": (
        "s.r.o.", "a.s.", "spol. s r.o.", "j.s.a.", "v likvidácii",
    ),
    "HU": (
        "Kft", "Kft.", "Zrt", "Zrt.", "Nyrt", "Nyrt.", "Bt", "Bt.", "Kkt", "Rt",
        "Korlátolt Felelősségű Társaság", "Zártkörűen Működő Részvénytársaság",
        "Nyilvánosan Működő Részvénytársaság", "Részvénytársaság", "Betéti Társaság",
    ),
    "RO": (
        "S.R.L.", "SRL", "S.A.",
    ),
    "BG": (
        "OOD", "EOOD", "AD", "EAD", "ООД", "ЕООД", "АД", "ЕАД",
    ),
    "HR": (
        "d.o.o.", "d.d.", "j.d.o.o.",
    ),
    "SI": (
        "d.o.o.", "d.d.",
    ),
    "RS": (
        "d.o.o.", "a.d.", "д.о.о.", "а.д.",
    ),
    "GR": (
        "A.E.", "AE", "Α.Ε.", "ΑΕ", "Ε.Π.Ε.", "Ι.Κ.Ε.", "Ο.Ε.", "Ε.Ε.", "Ανώνυμη Εταιρεία",
        "Μονοπρόσωπη", "Ιδιωτική Κεφαλαιουχική Εταιρεία", "Εταιρεία Περιορισμένης Ευθύνης",
        "Ανώνυμος Εταιρεία",
    ),
    "TR": (
        "A.Ş.", "AŞ", "Ltd. Şti.", "Şti.", "Anonim Şirketi", "Limited Şirketi",
    ),
    "RU": (
        "OOO", "ООО", "OAO", "ОАО", "ZAO", "ЗАО", "PAO", "ПАО", "АО", "НАО", "JSC", "PJSC", "OJSC",
        "CJSC", "LLC", "Общество с ограниченной ответственностью",
        "Публичное акционерное общество", "Акционерное общество", "Открытое акционерное общество",
        "Закрытое акционерное общество", "Joint Stock Company", "Public Joint Stock Company",
        "Open Joint Stock Company", "Closed Joint Stock Company",
    ),
    "UA": (
        "ТОВ", "ПАТ", "ПрАТ", "АТ", "ТДВ",
    ),
    "KZ": (
        "ТОО", "TOO", "АО",
    ),
    "EU": (
        "SE", "SCE", "EEIG", "EWIV",
    ),
    "LI": (
        "Anstalt", "Est.", "Stiftung",
    ),
}

#: Forms that also stand at the start of a name ("PT Bank Mandiri", "OOO Romashka",
#: "株式会社日立製作所"). Ambiguous Latin abbreviations ("AB", "AO", "SA", "CV", "SIA")
#: are left out on purpose: "AB InBev" and "AO Smith" keep their letters.
LEADING_FORMS: tuple[str, ...] = (
    "PT", "Oy", "Stichting", "Osaühing", "OOO", "ООО", "OAO", "ОАО", "ZAO", "ЗАО", "PAO", "ПАО",
    "АО", "НАО", "ТОО", "TOO", "ТОВ", "ПАТ", "ПрАТ", "JSC", "PJSC", "OJSC", "CJSC", "UAB",
    "Aktiebolaget", "Kabushiki Kaisha", "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
    "株式會社", "有限會社", "(株)", "(有)", "주식회사", "(주)", "유한회사", "Công ty TNHH",
    "Công ty Cổ phần", "Công ty",
)

#: CJK legal forms written without a space before or after the name; the tokeniser
#: splits them off first (longest first).
CJK_FORMS: tuple[str, ...] = (
    "股份有限公司", "有限責任公司", "有限责任公司", "有限公司", "株式会社", "有限会社", "合同会社",
    "合資会社", "合名会社", "株式會社", "有限會社", "合同會社", "合資會社", "合名會社", "주식회사",
    "유한책임회사", "유한회사",
)

#: Words that name people shorten, spelled out before anything else ("Acme Intl" is
#: "Acme International"). Only shortenings of one word each: "Tech" (technology or
#: technologies?) and "St" (saint or street?) are left alone.
ABBREVIATIONS: dict[str, str] = {
    "intl": "international", "int'l": "international", "mfg": "manufacturing",
    "mfrs": "manufacturers", "mfr": "manufacturer", "bros": "brothers", "svcs": "services",
    "svc": "service", "hldgs": "holdings", "hldg": "holding", "grp": "group",
    "natl": "national", "nat'l": "national", "mgmt": "management",
    "mktg": "marketing", "assn": "association", "assocs": "associates", "dept": "department",
    "univ": "university", "inst": "institute", "ctr": "center", "bldg": "building",
    "constr": "construction", "equip": "equipment", "engrg": "engineering",
    "prods": "products", "inds": "industries", "sys": "systems", "hosp": "hospital",
}

#: Words for "and" in other languages, read as "and" between two words ("Schwarz und
#: Söhne", "Moët et Chandon"), as "&" is.
AND_WORDS: tuple[str, ...] = ("und", "et")

#: Words stripped where they end a name without being legal forms: a dangling "and"
#: (from "& Co.") and a trailing "The" ("Boeing Company, The").
TRAILING_WORDS: tuple[str, ...] = ("and", "the")

#: Stock-listing descriptors that mark a security, never a company ("Common Stock").
STRONG_DESCRIPTORS: tuple[str, ...] = (
    "Common Stock", "Common Stocks", "Common Shares", "Common Share", "Ordinary Shares",
    "Ordinary Share", "Capital Stock", "Preferred Stock", "Preferred Shares",
    "Preference Shares", "Subordinate Voting Shares", "Common Units", "Depositary Shares",
    "Depository Shares", "Depositary Share", "Depositary Receipts",
    "American Depositary Shares", "American Depository Shares", "American Depositary Share",
    "American Depositary Receipts", "New York Registry Shares", "ADS", "ADSs", "ADR", "ADRs",
    "Shares of Beneficial Interest", "Common Shares of Beneficial Interest",
    "Limited Partnership Units", "Trust Preferred Securities",
)

#: Descriptors that are ordinary words elsewhere ("Human Rights"): stripped only right
#: after a legal form ("Acquisition Corp. Units") or as their own part ("- Warrants").
WEAK_DESCRIPTORS: tuple[str, ...] = (
    "Units", "Unit", "Warrants", "Warrant", "Redeemable Warrants", "Rights", "Right",
    "Closed End Fund",
)

#: Words that may stand before a descriptor and go with it ("Class A", "Non-Voting").
DESCRIPTOR_QUALIFIERS: frozenset[str] = frozenset(
    {
        "new", "non", "voting", "subordinate", "restricted", "multiple", "limited",
        "redeemable", "cumulative", "perpetual", "convertible", "participating",
        "exchangeable", "tracking", "tranche", "fixed", "floating", "rate",
    }
)

#: Words that may follow a descriptor and start its fine print ("each representing ...").
CONNECTORS: frozenset[str] = frozenset(
    {
        "each", "representing", "rep", "when", "par", "liquidation", "to", "with",
        "nominal", "exercisable", "entitling", "consisting", "issued", "no", "reit",
    }
)

#: Last words that make a separate part of a listing name a security descriptor
#: ("- Tranche 1 Warrants", "- 5.25% Senior Notes due 2029").
SECURITY_NOUNS: frozenset[str] = frozenset(
    {
        "stock", "stocks", "share", "shares", "unit", "units", "warrant", "warrants",
        "right", "rights", "ads", "adss", "adr", "adrs", "securities", "notes",
        "debentures", "preferred", "receipts",
    }
)

#: Separate last parts of a name that only state a status or listing remark
#: ("Acme Ltd (in liquidation)", "Apollo Global Management, Inc. (New)").
STATUS_PARTS: tuple[str, ...] = (
    "in liquidation", "in administration", "in receivership", "under administration",
    "en liquidation", "in liquidazione", "in Liquidation", "i.L.", "in Konkurs",
    "dissolved", "inactive", "defunct", "bankrupt", "New", "Holding Co", "Holding Company",
    "HC", "D/B/A", "REIT",
)

#: Words that open a separate part naming a former name ("(formerly Beta Corp)").
FORMERLY: frozenset[str] = frozenset({"formerly", "fka", "previously", "vormals"})
# fmt: on
