"""Common Afghan name parts (given names and surnames), canonical Latin spellings.

Used to tell a *typo or OCR slip* (``NASIT`` for ``NASIR``: one word is not a name,
so a review) from *another real name* (``NAZIR`` for ``NASIR``: both are names, so
a fail). Spelling variants need not be listed: parts are compared by their fold.
"""

from __future__ import annotations

_GIVEN = """
ABDUL ABDULLAH ABID ADIL AFZAL AGHA AHMAD AJMAL AKBAR AKMAL ALAM ALI ALIM AMAN AMANULLAH AMIN AMIR ANWAR ARIF
ASAD ASGHAR ASHRAF ASIF ATIQ ATTAULLAH AZAM AZIZ BABUR BAHRAM BAKHTIAR BARAT BARI BASHIR BASIR BILAL DAWOOD DIN
DOST EHSAN ELHAM ENAYAT FAHIM FAIZ FAQIR FARHAD FARID FARUQ FAWAD FAZAL FAZL FIROZ GHAFFAR GHANI GHAUS GHAZI
GHULAM GUL HABIB HABIBULLAH HADI HAFIZ HAIDAR HAJI HAKIM HALIM HAMDULLAH HAMID HAMED HAMZA HANIF HARUN HASAN
HASHIM HAYAT HAZRAT HEKMAT HIDAYAT HIMMAT HUMAYUN HUSSAIN IBRAHIM IDRIS IHSAN IKRAM ILYAS IMRAN INAYAT IQBAL
ISA ISHAQ ISMAIL IZZAT JABBAR JAFAR JALAL JALIL JAMAL JAMIL JAN JAVED JAWAD JAWID JUMA KABIR KAMAL KAMRAN KARIM
KHAIR KHALID KHALIL KHAN KHUSHAL LAL LATIF MAHBOOB MAHMUD MAJID MALIK MANSUR MASUD MATIULLAH MIR MIRWAIS
MOHAMMAD MOHIB MUJIB MUNIR MURAD MUSA MUSTAFA NABI NADER NADIR NAIM NAJIB NAJIBULLAH NASIM NASIR NASRULLAH
NAVID NAWAB NAZAR NAZIR NEMAT NIAZ NOORULLAH NUR OMID PAINDA QADIR QAIS QASIM QAYUM QUDRAT QURBAN RAFI RAFIQ
RAHIM RAHMAN RAHMAT RAHMATULLAH RAMIN RASHID RASUL RAUF RAZIQ RIAZ SABIR SADIQ SAEED SAFAR SAIF SAKHI SALAM
SALEH SAMAD SAMI SAMIULLAH SARWAR SATTAR SAYED SHAFIQ SHAH SHAHID SHAKIR SHAKUR SHAMS SHARIF SHER SHUKUR
SIDDIQ SOHRAB SULAIMAN SULTAN TAHIR TAJ TALIB TARIQ TAWAB TOOR UMAR USMAN WAHID WAKIL WALI WAQAR WASIM WAZIR
YAHYA YAQUB YAR YASIN YOUNUS YUSUF ZABIH ZABIHULLAH ZAFAR ZAHID ZAHIR ZAKARIA ZAKIR ZAMAN ZAMIR ZARIF ZIA
ZIAUDDIN NASIRUDDIN SALAHUDDIN ALAUDDIN JALALUDDIN KAMALUDDIN SHAMSUDDIN
AISHA AMINA ANISA ARZO BIBI BASIRA DIBA FARIDA FARZANA FATIMA FAWZIA FERESHTA FRISHTA GULALAI GULNAR HABIBA
HADIA HALIMA HAMIDA HASINA HUMA JAMILA KARIMA KHADIJA KHALIDA LAILA LATIFA MADINA MAHBOOBA MALALA MALALAI
MARIAM MARYAM MASUMA MINA MUNIRA MURSAL NADIA NAFISA NAJIBA NARGIS NASIMA NASRIN NAZIA PARWANA PARWIN RABIA
RAHIMA RAZIA ROYA RUKHSANA SABRINA SADIA SAIMA SAMIRA SANAM SARA SEEMA SHABANA SHAFIQA SHAKILA SHAMIMA SHARIFA
SHIRIN SIMA SOHAILA SOMAYA SORAYA TAHIRA WAHIDA YASMIN ZAHRA ZAINAB ZAKIA ZARGHUNA ZARMINA ZOHRA ZUBAIDA
"""

_SURNAMES = """
ACHAKZAI AFGHAN AFRIDI AHMADI AHMADZAI ALIZAI ALKOZAI AMIRI ANDAR AZIZI BABAKARKHEL BARAKZAI DURRANI FAIZI
GHILZAI HAIDARI HAKIMI HASHIMI HOTAK HOTAKI JALALI JAMALI KAKAR KARIMI KARZAI KHOGYANI KOCHI MANGAL MOHAMMADI
MOHMAND NAZARI NIAZI NOORZAI NURI OMARI POPALZAI QADERI QANI RAHIMI RAHMANI RASULI SAFI SAHAK SAMADI
SAIDI SHINWARI SIDDIQI STANIKZAI SULTANI TARAKI TAJIK TOKHI WARDAK YUSUFZAI ZAZAI ZAHIRI ZADRAN
MOHAMMADZAI ISHAQZAI ALOKOZAI SULEMANKHEL NASIRI HABIBI NAJIBI FARIDI KABIRI RASHIDI WAHIDI SHARIFI LATIFI
"""

GIVEN_NAMES: tuple[str, ...] = tuple(_GIVEN.split())
SURNAMES: tuple[str, ...] = tuple(_SURNAMES.split())

#: Common name parts in Dari/Pashto script -> the Latin spelling of their family.
DARI_NAMES: dict[str, str] = {
    "محمد": "MUHAMMAD", "احمد": "AHMAD", "محمود": "MAHMUD", "علی": "ALI", "عبدالله": "ABDULLAH",
    "عبد": "ABDUL", "عبدال": "ABDUL", "غلام": "GHULAM", "حضرت": "HAZRAT", "نصیر": "NASIR", "ناصر": "NASIR",
    "زمان": "ZAMAN", "رحیم": "RAHIM", "کریم": "KARIM", "رحمان": "RAHMAN", "رحمن": "RAHMAN",
    "حسین": "HUSAIN", "حسن": "HASAN", "فاطمه": "FATIMA", "زهرا": "ZAHRA", "مریم": "MARYAM", "خان": "KHAN",
    "گل": "GUL", "ګل": "GUL", "شاه": "SHAH", "جان": "JAN", "الله": "ULLAH", "نور": "NUR", "الدین": "UDDIN",
    "احمدزی": "AHMADZAI", "کرزی": "KARZAI", "پوپلزی": "POPALZAI", "محمدزی": "MUHAMMADZAI",
    "یوسفزی": "YUSUFZAI", "ستانکزی": "STANIKZAI", "احمدی": "AHMADI", "کریمی": "KARIMI", "رحیمی": "RAHIMI",
    "حیدری": "HAIDARI", "نوری": "NURI", "صدیقی": "SIDDIQI", "هاشمی": "HASHIMI", "سعید": "SAEED",
    "سید": "SAYED", "یوسف": "YUSUF", "داود": "DAWUD", "داوود": "DAWUD", "عمر": "UMAR", "عثمان": "USMAN",
    "ابراهیم": "IBRAHIM", "اسماعیل": "ISMAIL", "قاسم": "QASIM", "قادر": "QADIR", "حمید": "HAMID",
    "حامد": "HAMED", "جمیل": "JAMIL", "جمال": "JAMAL", "عزیز": "AZIZ", "نجیب": "NAJIB", "حبیب": "HABIB",
    "فرید": "FARID", "فرهاد": "FARHAD", "جاوید": "JAWID", "وحید": "WAHID", "رشید": "RASHID",
    "شریف": "SHARIF", "لطیف": "LATIF", "ظاهر": "ZAHIR", "طاهر": "TAHIR", "بشیر": "BASHIR", "نذیر": "NAZIR",
    "منیر": "MUNIR", "امین": "AMIN", "کبیر": "KABIR", "صابر": "SABIR", "شکور": "SHAKUR", "ستار": "SATTAR",
    "غفار": "GHAFFAR", "جبار": "JABBAR", "قیوم": "QAYUM", "وکیل": "WAKIL", "خلیل": "KHALIL",
    "اسد": "ASAD", "شیر": "SHER", "آغا": "AGHA", "اغا": "AGHA", "مصطفی": "MUSTAFA", "موسی": "MUSA",
    "عیسی": "ISA", "یحیی": "YAHYA", "زکریا": "ZAKARIA", "الیاس": "ILYAS", "یعقوب": "YAQUB",
    "عایشه": "AISHA", "خدیجه": "KHADIJA", "زینب": "ZAINAB", "حلیمه": "HALIMA", "جمیله": "JAMILA",
    "نسرین": "NASRIN", "شکیلا": "SHAKILA", "فریده": "FARIDA", "رحیمه": "RAHIMA", "کریمه": "KARIMA",
    "ملالی": "MALALAI", "ملاله": "MALALA", "پروین": "PARWIN", "گلالی": "GULALAI", "زرمینه": "ZARMINA",
    "نادیه": "NADIA", "سیما": "SIMA", "لیلا": "LAILA", "صالح": "SALEH", "سلیمان": "SULAIMAN",
    "نعمت": "NIMAT", "رحمت": "RAHMAT", "همت": "HIMMAT", "عزت": "IZZAT", "قربان": "QURBAN",
    "مجید": "MAJID", "ولی": "WALI", "سمیع": "SAMI", "ذبیح": "ZABIH", "حکیم": "HAKIM",
    "شفیق": "SHAFIQ", "رفیق": "RAFIQ", "توفیق": "TAUFIQ", "صدیق": "SIDDIQ", "فاروق": "FARUQ",
    "اشرف": "ASHRAF", "اکبر": "AKBAR", "اصغر": "ASGHAR", "انور": "ANWAR", "منصور": "MANSUR",
    "نصرالله": "NASRULLAH", "حبیبالله": "HABIBULLAH",
    "نجیبالله": "NAJIBULLAH", "امانالله": "AMANULLAH", "عنایتالله": "INAYATULLAH",
    "نورالله": "NURULLAH", "ذبیحالله": "ZABIHULLAH", "کلیمالله": "KALIMULLAH", "رحمتالله": "RAHMATULLAH",
    "جلال": "JALAL", "کمال": "KAMAL", "سخی": "SAKHI", "رویا": "ROYA", "صافی": "SAFI", "امیری": "AMIRI",
    "نیازی": "NIAZI", "توخی": "TOKHI", "عزیزی": "AZIZI", "فیضی": "FAIZI", "هوتک": "HOTAK", "وردک": "WARDAK",
    "منگل": "MANGAL", "درانی": "DURRANI", "سلطانی": "SULTANI", "حکیمی": "HAKIMI", "نظری": "NAZARI",
    "جلالی": "JALALI", "قادری": "QADERI", "صمدی": "SAMADI", "زدران": "ZADRAN", "حبیبی": "HABIBI",
    "رسولی": "RASULI", "شریفی": "SHARIFI", "شینواری": "SHINWARI", "بارکزی": "BARAKZAI",
    "نرگس": "NARGIS", "پروانه": "PARWANA", "شبانه": "SHABANA", "فرزانه": "FARZANA", "حمیده": "HAMIDA",
    "مدینه": "MADINA", "حبیبه": "HABIBA", "فرشته": "FERESHTA", "محبوبه": "MAHBOOBA", "ثریا": "SORAYA",
    "مرسل": "MURSAL", "زرغونه": "ZARGHUNA", "جواد": "JAWAD", "هاشم": "HASHIM", "وهاب": "WAHAB",
    "بصیر": "BASIR", "هادی": "HADI", "حق": "HAQ", "میرویس": "MIRWAIS", "جمشید": "JAMSHID",
    "ضیا": "ZIA", "ضیاء": "ZIA", "خالد": "KHALID", "ادریس": "IDRIS", "هارون": "HARUN", "عارف": "ARIF",
    "عادل": "ADIL", "اجمل": "AJMAL", "اکمل": "AKMAL", "نوید": "NAVID", "امید": "OMID", "مسعود": "MASUD",
}
