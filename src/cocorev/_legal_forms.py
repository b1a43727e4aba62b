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
    "AND_BETWEEN_WORDS",
    "AND_WORDS",
    "CJK_FORMS",
    "CONNECTORS",
    "DESCRIPTOR_QUALIFIERS",
    "FORMERLY",
    "LEADING_FORMS",
    "LEGAL_FORMS",
    "NOT_CUT_FORMS",
    "PAIRED_LEADING_FORMS",
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
        "Chtd", "Chtd.", "L3C",
        "National Association", "Federal Savings Bank", "Ltd Partnership", "Ltd. Partnership",
        "Ltd Liability Co", "Ltd. Liability Co.",
    ),
    "GB": (
        "Ltd", "Ltd.", "Limited", "PLC", "P.L.C.", "Public Limited Company", "LLP", "LP", "CIC",
        "Unlimited", "& Co", "PCC", "ICC", "SPC",
        "Cyf", "Cyf.", "Cyfyngedig", "Company Limited by Guarantee", "Limited by Guarantee",
        "Ltd by Guarantee", "Ltd/Gte",
        "Community Interest Company", "Charitable Incorporated Organisation",
    ),
    "IE": (
        "DAC", "CLG", "UC", "ULC", "Teoranta", "Teo", "Teo.", "CPT", "PLC",
        "Designated Activity Company", "Unlimited Company",
    ),
    "CA": (
        "Ltée", "Limitée", "Incorporée", "ULC", "S.E.N.C.", "S.E.N.C.R.L.", "SENCRL",
    ),
    "AU": (
        "Pty Ltd", "Pty. Ltd.", "Pty Limited", "Pty", "Proprietary Limited", "Proprietary Ltd",
        "NL",
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
        "PLT", "Perkongsian Liabiliti Terhad",
    ),
    "ID": (
        "Tbk", "Tbk.", "(Persero)", "Persero", "PT",
        "Terbuka", "(Persero) Terbuka",
    ),
    "TH": (
        "Public Company Limited", "PCL", "Co., Ltd.", "จำกัด", "จำกัด (มหาชน)", "มหาชน",
        "Public Co., Ltd.", "Public Company Ltd.", "Public Co., Limited", "บริษัท", "บมจ.", "บจก.",
        "ห้างหุ้นส่วนจำกัด", "หจก.", "ห้างหุ้นส่วนสามัญ",
    ),
    "VN": (
        "TNHH", "JSC", "Co., Ltd", "TNHH MTV", "TNHH Một Thành Viên",
    ),
    "JP": (
        "KK", "K.K.", "Kabushiki Kaisha", "Kabushikigaisha", "Kabushiki Gaisha", "GK",
        "Yugen Gaisha", "Godo Gaisha", "Goudou Kaisha",
        "Godo Kaisha", "YK", "Yugen Kaisha", "株式会社", "(株)", "（株）", "㈱", "有限会社",
        "(有)", "㈲", "合同会社", "(同)", "合資会社", "(資)", "合名会社", "(名)", "Co., Ltd.",
        "株式會社", "有限會社", "合同會社", "合資會社", "合名會社",
        "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "社会福祉法人", "医療法人",
        "医療法人社団", "医療法人財団", "学校法人", "宗教法人", "特定非営利活動法人", "NPO法人",
        "独立行政法人", "有限責任事業組合", "(一社)", "(一財)", "(公社)", "(公財)", "(社福)",
        "(医)", "(学)", "(特非)", "(宗)", "(独)",
        "(合)",
    ),
    "CN": (
        "有限公司", "股份有限公司", "有限责任公司", "有限責任公司", "公司", "Co., Ltd.",
        "Company Limited",
    ),
    "KR": (
        "주식회사", "(주)", "㈜", "유한회사", "(유)", "유한책임회사", "Co., Ltd.",
        "사단법인", "재단법인", "(사)", "(재)", "합자회사", "합명회사",
    ),
    "IL": (
        'בע"מ', "בע״מ", "Ltd",
        "B.M.", "BM",
    ),
    "AE": (
        "LLC", "L.L.C.", "PJSC", "P.J.S.C.", "PSC", "FZE", "FZCO", "FZ-LLC", "ذ.م.م", "ش.م.ع",
        "FZC", "F.Z.C.", "FZ LLC", "DMCC", "RSC",
        "L.L.C", "Sole Proprietorship L.L.C.", "Sole Proprietorship LLC",
    ),
    "SA": (
        "ش.م.م", "CJSC", "Est", "Est.", "Establishment", "One Person Company",
    ),
    "QA": (
        "Q.S.C.", "QSC", "QPSC", "Q.P.S.C.", "WLL", "W.L.L.",
    ),
    "KW": (
        "K.S.C.", "KSC", "K.S.C.P.", "KSCP",
        "K.S.C.C.", "KSCC", "K.S.C. (Closed)",
    ),
    "OM": (
        "SAOG", "S.A.O.G.", "SAOC",
    ),
    "BH": (
        "B.S.C.", "BSC", "B.S.C. (c)", "B.S.C.(c)", "BSC (c)", "B.S.C. (Closed)", "W.L.L.",
    ),
    "LB": (
        "S.A.L.", "SAL", "S.A.R.L.",
    ),
    "MA": (
        "SARL AU", "S.A.R.L. A.U.", "SARLAU", "SARL-AU", "SUARL", "S.U.A.R.L.",
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
        "e.Kfm.", "e.Kfr.", "e.Kfm", "e.Kfr", "PartG", "PartG mbB", "PartGmbB", "mbB",
        "Partnerschaft mbB", "Partnerschaftsgesellschaft", "Partnerschaftsgesellschaft mbB",
        "VVaG", "V.V.a.G.", "gAG", "gUG", "GmbH i.G.", "UG i.G.", "AG i.G.", "AöR", "A.ö.R.",
        "Kommanditgesellschaft auf Aktien", "Genossenschaft", "Societas Europaea",
        "eingetragene Genossenschaft", "eingetragener Verein", "Gesellschaft bürgerlichen Rechts",
        "eingetragener Kaufmann", "eingetragene Kauffrau", "Unternehmergesellschaft",
        "Unternehmergesellschaft (haftungsbeschränkt)", "Europäische Gesellschaft",
    ),
    "AT": (
        "GesmbH", "Ges.m.b.H.", "Ges.mbH", "GmbH", "AG", "KG", "OG", "Gesellschaft m.b.H.",
        "Gesellschaft mbH",
        "KEG", "OEG", "reg. Gen.m.b.H.", "reg.Gen.m.b.H.", "Gen.m.b.H.", "eGen", "e.Gen.",
        "registrierte Genossenschaft mit beschränkter Haftung",
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
        "SCOP", "SCOP SA", "SCOP SARL", "SCIC", "SELAS", "SELAFA", "SELCA", "SCP", "SCM", "SCEA",
        "GAEC", "SAEM", "S.A.S.U.", "Société Civile Immobilière", "Société Civile",
        "Société Civile Professionnelle", "Société Coopérative", "Société en Commandite Simple",
        "Société en Commandite par Actions", "Société d'Exercice Libéral",
        "Entreprise Unipersonnelle à Responsabilité Limitée",
        "Société par Actions Simplifiée Unipersonnelle",
    ),
    "BE": (
        "NV", "SA", "BV", "SRL", "BVBA", "B.V.B.A.", "SPRL", "S.P.R.L.", "CVBA", "SCRL", "NV/SA",
        "SA/NV", "VZW", "ASBL", "Comm.V.",
        "Société Coopérative à Responsabilité Limitée", "Association sans but lucratif",
        "Vereniging zonder winstoogmerk", "Besloten Vennootschap met Beperkte Aansprakelijkheid",
        "Société Privée à Responsabilité Limitée",
        "Coöperatieve Vennootschap met Beperkte Aansprakelijkheid",
    ),
    "NL": (
        "BV", "B.V.", "NV", "N.V.", "VOF", "V.O.F.", "CV", "C.V.", "U.A.", "Coöperatie U.A.",
        "Besloten Vennootschap", "Naamloze Vennootschap", "Stichting",
        "Commanditaire Vennootschap", "Vennootschap onder Firma", "Coöperatie",
    ),
    "IT": (
        "SpA", "S.p.A.", "Srl", "S.r.l.", "Srls", "S.r.l.s.", "Sapa", "S.a.p.a.", "Snc", "S.n.c.",
        "Sas", "S.a.s.", "Scarl", "S.c.a.r.l.", "Scpa", "S.c.p.a.", "Scrl", "Soc. Coop.",
        "Società per Azioni", "Società a responsabilità limitata", "Società Cooperativa", "& C.",
        "S.r.l. semplificata", "in liquidazione",
        "S.r.l. a socio unico", "S.r.l. con socio unico", "S.p.A. a socio unico",
        "S.p.A. con socio unico", "a socio unico", "con socio unico", "unipersonale",
        "S.r.l. unipersonale", "Società in accomandita semplice", "Società in nome collettivo",
        "Società semplice", "Società in accomandita per azioni", "Onlus", "Impresa Sociale",
        "Soc. Coop. a r.l.", "Soc. Coop. a.r.l.", "Società Cooperativa a r.l.",
    ),
    "ES": (
        "SA", "S.A.", "SL", "S.L.", "SLU", "S.L.U.", "SAU", "S.A.U.", "SLL", "S.L.L.", "S.Coop.",
        "Sociedad Anónima", "Sociedad Limitada", "Sociedad de Responsabilidad Limitada", "Cía",
        "Cía.", "y Cía", "& Cía", "Sociedad Unipersonal", "Unipersonal",
        "S.L.N.E.", "SLNE", "S.L.P.", "SLP", "S.A.L.", "C.B.", "A.I.E.", "AIE", "S. en C.",
        "S. en C.S.", "S. Com.", "Sociedad Cooperativa", "Sociedad Limitada Unipersonal",
        "Sociedad Limitada Nueva Empresa", "Sociedad Civil", "Sociedad Anónima Laboral",
        "Sociedad Anónima Unipersonal", "Sociedad Colectiva", "Sociedad Comanditaria",
        "Sociedad en Comandita Simple", "Sociedad en Comandita por Acciones",
    ),
    "PT": (
        "Lda", "Lda.", "Limitada", "Unipessoal Lda", "SA", "Sociedade Anónima",
        "Sociedade Anônima", "Unipessoal", "SGPS",
        "CRL", "C.R.L.", "Unipessoal Limitada", "Sociedade Unipessoal",
        "Sociedade por Quotas", "Sociedade Unipessoal por Quotas", "Sociedade Limitada",
        "Sociedade Gestora de Participações Sociais",
    ),
    "BR": (
        "Ltda", "Ltda.", "LTDA", "S/A", "S.A.", "EIRELI", "Cia. Ltda.",
        "Ltda ME", "Ltda. ME", "Ltda - ME", "Ltda EPP", "Ltda. EPP", "Ltda - EPP", "EIRELI ME",
        "EIRELI - ME", "EIRELI EPP", "EIRELI - EPP", "EPP",
        "Empresa Individual de Responsabilidade Limitada", "Microempresa",
        "Empresa de Pequeno Porte", "Microempreendedor Individual",
    ),
    "MX": (
        "S.A. de C.V.", "SA de CV", "S.A.B. de C.V.", "SAB de CV", "S.A.P.I. de C.V.",
        "S. de R.L.", "S. de R.L. de C.V.", "S.C.", "de C.V.",
        "Sociedad Anónima de Capital Variable",
        "I.A.P.", "SOFOM", "SOFOM E.N.R.", "SOFOM, E.N.R.", "SOFOM E.R.",
        "S. de R.L. M.I.", "S. en N.C.",
        "Sociedad Anónima Bursátil de Capital Variable",
        "Sociedad Anónima Promotora de Inversión de Capital Variable",
        "Sociedad de Responsabilidad Limitada de Capital Variable", "Asociación Civil",
        "Sociedad Civil",
    ),
    "AR": (
        "S.R.L.", "S.A.", "S.A.S.", "S.A.I.C.", "S.A.C.I.", "S.A.C.I.F.", "S.A.I.C.F.",
        "S.A.I.C. y F.", "S.A.C.I.F.I.A.", "S.A.C.I. y F.", "S.A.I.C.A.", "S.A.C.I.F.I.",
        "S.A.I.C.F.I.A.", "S.H.", "S.C.A.", "S.A.U.",
    ),
    "CL": (
        "SpA", "Ltda", "S.A.",
        "Sociedad por Acciones", "Empresa Individual de Responsabilidad Limitada",
    ),
    "CO": (
        "S.A.S.", "Ltda", "S.A.",
        "S.A. E.S.P.", "E.S.P.", "S.A.S. E.S.P.", "S.A.S. BIC", "SAS BIC",
        "Sociedad por Acciones Simplificada",
    ),
    "VE": (
        "S.A.C.A.", "Compañía Anónima",
    ),
    "PE": (
        "S.A.C.", "S.A.A.", "E.I.R.L.", "S.R.L.",
        "Sociedad Anónima Cerrada", "Sociedad Anónima Abierta",
        "Sociedad Comercial de Responsabilidad Limitada",
        "Empresa Individual de Responsabilidad Limitada",
    ),
    "SE": (
        "AB", "Aktiebolag", "Aktiebolaget", "AB (publ)", "(publ)", "publ", "HB", "KB",
        "Ekonomisk förening", "ek. för.", "ek.för.", "Handelsbolag",
    ),
    "NO": (
        "AS", "ASA", "ANS", "Aksjeselskap", "Allmennaksjeselskap",
        "DA", "NUF",
    ),
    "DK": (
        "A/S", "ApS", "IVS", "K/S", "A.m.b.a.", "AMBA", "Aktieselskab", "Anpartsselskab",
        "F.m.b.A.", "FMBA", "S.m.b.a.", "SMBA", "Interessentskab", "Partnerselskab",
        "Kommanditselskab",
    ),
    "FI": (
        "Oy", "Oyj", "Ab", "Oy Ab", "Ky", "Tmi", "Osakeyhtiö", "Julkinen osakeyhtiö",
        "Ay", "Osk", "Osuuskunta", "Avoin yhtiö", "Kommandiittiyhtiö",
    ),
    "IS": (
        "hf", "hf.", "ehf", "ehf.", "einkahlutafélag", "hlutafélag", "sameignarfélag",
        "samlagsfélag",
    ),
    "EE": (
        "OÜ", "AS", "MTÜ", "TÜ", "Osaühing", "Aktsiaselts",
        "UÜ", "FIE",
        "mittetulundusühing", "täisühing", "usaldusühing",
    ),
    "LV": (
        "SIA", "AS",
        "sabiedrība ar ierobežotu atbildību", "akciju sabiedrība",
    ),
    "LT": (
        "UAB", "AB",
        "VšĮ",
        "uždaroji akcinė bendrovė", "akcinė bendrovė", "mažoji bendrija", "viešoji įstaiga",
    ),
    "PL": (
        "sp. z o.o.", "Sp. z o.o.", "Sp.z o.o.", "S.A.", "sp.k.", "sp.j.", "S.K.A.",
        "spółka z ograniczoną odpowiedzialnością", "spółka akcyjna", "spółka komandytowa",
        "spółka jawna",
        "sp. p.", "sp.p.", "spółka partnerska", "Spółka z o.o.", "Spółka z o. o.", "Sp. z o. o.",
    ),
    "CZ": (
        "s.r.o.", "spol. s r.o.", "a.s.", "v.o.s.", "k.s.", "akciová společnost",
        "společnost s ručením omezeným",
        "z.s.", "z.ú.", "družstvo",
    ),
    "SK": (
        "s.r.o.", "a.s.", "spol. s r.o.", "j.s.a.", "v likvidácii",
    ),
    "HU": (
        "Kft", "Kft.", "Zrt", "Zrt.", "Nyrt", "Nyrt.", "Bt", "Bt.", "Kkt", "Rt",
        "Korlátolt Felelősségű Társaság", "Zártkörűen Működő Részvénytársaság",
        "Nyilvánosan Működő Részvénytársaság", "Részvénytársaság", "Betéti Társaság",
        "Nonprofit Kft.", "Nonprofit Zrt.", "Nonprofit Bt.", "Kht.", "Kht",
        "Nonprofit Korlátolt Felelősségű Társaság",
    ),
    "RO": (
        "S.R.L.", "SRL", "S.A.",
        "societate cu răspundere limitată", "societate pe acțiuni",
    ),
    "BG": (
        "OOD", "EOOD", "AD", "EAD", "ООД", "ЕООД", "АД", "ЕАД",
        "ЕТ", "АДСИЦ",
        "еднолично дружество с ограничена отговорност", "дружество с ограничена отговорност",
        "акционерно дружество", "еднолично акционерно дружество", "едноличен търговец",
    ),
    "HR": (
        "d.o.o.", "d.d.", "j.d.o.o.",
        "društvo s ograničenom odgovornošću", "dioničko društvo",
        "jednostavno društvo s ograničenom odgovornošću",
    ),
    "SI": (
        "d.o.o.", "d.d.",
        "družba z omejeno odgovornostjo", "delniška družba",
    ),
    "RS": (
        "d.o.o.", "a.d.", "д.о.о.", "а.д.",
        "društvo sa ograničenom odgovornošću", "akcionarsko društvo",
        "друштво са ограниченом одговорношћу", "акционарско друштво",
    ),
    "MK": (
        "ДООЕЛ", "ДОО", "DOOEL", "DOO", "Д.О.О.Е.Л.",
    ),
    "AL": (
        "sh.p.k.", "SHPK", "sh.a.",
    ),
    "GR": (
        "A.E.", "AE", "Α.Ε.", "ΑΕ", "Ε.Π.Ε.", "Ι.Κ.Ε.", "Ο.Ε.", "Ε.Ε.", "Ανώνυμη Εταιρεία",
        "Μονοπρόσωπη", "Ιδιωτική Κεφαλαιουχική Εταιρεία", "Εταιρεία Περιορισμένης Ευθύνης",
        "Ανώνυμος Εταιρεία",
        "ΑΒΕΕ", "Α.Β.Ε.Ε.", "ABEE", "A.B.E.E.", "ΑΕΒΕ", "Α.Ε.Β.Ε.", "AEBE", "A.E.B.E.", "EPE",
        "E.P.E.", "O.E.", "I.K.E.", "Μ.Ι.Κ.Ε.", "ΙΚΕ",
    ),
    "TR": (
        "A.Ş.", "AŞ", "Ltd. Şti.", "Şti.", "Anonim Şirketi", "Limited Şirketi",
        "Tic. Ltd. Şti.", "Ticaret Ltd. Şti.", "Ticaret Limited Şirketi", "Tic. A.Ş.",
        "Ticaret A.Ş.", "Ticaret Anonim Şirketi", "San. ve Tic. Ltd. Şti.", "San. ve Tic. A.Ş.",
        "Sanayi ve Ticaret A.Ş.", "Sanayi ve Ticaret Ltd. Şti.",
        "Sanayi ve Ticaret Limited Şirketi", "Sanayi ve Ticaret Anonim Şirketi", "San. Tic. A.Ş.",
        "San. Tic. Ltd. Şti.",
    ),
    "RU": (
        "OOO", "ООО", "OAO", "ОАО", "ZAO", "ЗАО", "PAO", "ПАО", "АО", "НАО", "JSC", "PJSC", "OJSC",
        "CJSC", "LLC", "Общество с ограниченной ответственностью",
        "Публичное акционерное общество", "Акционерное общество", "Открытое акционерное общество",
        "Закрытое акционерное общество", "Joint Stock Company", "Public Joint Stock Company",
        "Open Joint Stock Company", "Closed Joint Stock Company",
        "ИП", "ГУП", "МУП", "ФГУП", "АНО",
    ),
    "UA": (
        "ТОВ", "ПАТ", "ПрАТ", "АТ", "ТДВ",
        "ПП", "ФОП", "ЧП",
    ),
    "BY": (
        "ЧУП", "УП", "ОДО", "ООО", "ОАО", "ЗАО",
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
    "Công ty Cổ phần", "Công ty", "Công ty TNHH MTV", "Công ty TNHH Một Thành Viên", "CTCP", "Cty",
    "LLC", "Limited Liability Company", "Joint Stock Company", "Public Joint Stock Company",
    "Open Joint Stock Company", "Closed Joint Stock Company", "Private Joint Stock Company",
    "PrJSC", "Cty TNHH", "Cty CP", "Công ty CP", "Cty Cổ phần", "บริษัท", "บมจ.", "บจก.",
    "ห้างหุ้นส่วนจำกัด",
    "หจก.", "ห้างหุ้นส่วนสามัญ", "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人",
    "社会福祉法人", "医療法人社団", "医療法人財団", "医療法人", "学校法人", "宗教法人",
    "特定非営利活動法人", "NPO法人", "独立行政法人", "(一社)", "(一財)", "(公社)", "(公財)",
    "(社福)", "(医)", "(学)", "(特非)", "(宗)", "(独)", "사단법인", "재단법인", "(사)", "(재)",
    "ИП", "ГУП", "МУП", "ФГУП", "АНО", "ПП", "ФОП", "ЧП", "ЧУП", "УП", "ОДО",
)

#: Forms that open a name only together with a form that ends it, and those forms:
#: Romania's "S.C. Acme S.R.L." (societate comercială). "SC Johnson" keeps its letters.
PAIRED_LEADING_FORMS: dict[str, tuple[str, ...]] = {
    "S.C.": ("S.R.L.", "S.A.", "SRL", "SA"),
}

#: CJK legal forms written without a space before or after the name; the tokeniser
#: splits them off first (longest first).
CJK_FORMS: tuple[str, ...] = (
    "股份有限公司", "有限責任公司", "有限责任公司", "有限公司", "株式会社", "有限会社", "合同会社",
    "合資会社", "合名会社", "株式會社", "有限會社", "合同會社", "合資會社", "合名會社", "주식회사",
    "유한책임회사", "유한회사", "医療法人社団", "医療法人財団", "一般社団法人", "一般財団法人",
    "公益社団法人", "公益財団法人", "社会福祉法人", "医療法人", "学校法人", "宗教法人",
    "特定非営利活動法人", "独立行政法人", "有限責任事業組合", "NPO法人", "사단법인", "재단법인",
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
    "assoc": "associates", "ins": "insurance",
    "svgs": "savings", "finl": "financial", "hlth": "health", "pwr": "power", "rlty": "realty",
    "pptys": "properties", "ppty": "property", "mtg": "mortgage", "invt": "investment",
    "invts": "investments", "solns": "solutions", "comms": "communications",
    "mt": "mount", "ft": "fort",
}

#: Shortened words spelled out only where they begin a name: "St. Jude Medical" is
#: "Saint Jude Medical", while "Main St Bakery" keeps its street.
LEADING_ABBREVIATIONS: dict[str, str] = {"st": "saint", "ste": "sainte"}

#: Words for "and" in other languages, read as "and" between two words ("Schwarz und
#: Söhne", "Moët et Chandon"), as "&" is.
AND_WORDS: tuple[str, ...] = ("und", "et")

#: Short words for "and" that are also letters or other words ("e", "y", "en"): read as
#: "and" only between two words of two letters or more ("Pérez e Hijos", "Hansen og
#: Sønner", "Van Leeuwen en Zonen", "Berg och Son", "Koç ve Ortaklari").
AND_BETWEEN_WORDS: tuple[str, ...] = ("e", "y", "en", "och", "og", "ve")

#: Words (and their beginnings) that a legal-form word begins with: a name ending in one
#: is not a legal form cut short ("Acme Handels" is no "Handelsbolag", "Capital Partners"
#: no "Partnerselskab", "Uniper" no "Unipersonale").
NOT_CUT_FORMS: tuple[str, ...] = (
    "aktien", "establish", "genosse", "handels", "partners", "unipersonal",
)

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
