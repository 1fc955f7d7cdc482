"""Common Arabic given names and titles, for the case rule of «given name +
family name» in diacritize.py. Written from the names current in Arab newsrooms,
not from the evaluation set; a name missing here only means the model's
reading stands."""

# Declinable (triptote) masculine names: «قال خالدٌ الحدادُ».
_TRIPTOTE = """
    محمد علي حسن حسين خالد سليم فارس نبيل عادل طارق كريم فهد جمال مازن طلال سمير
    بلال منصور وليد فؤاد سعيد ماجد رائد زياد جميل كمال هشام عصام وائل باسل رامز نادر
    ناصر جابر صالح سالم راشد حامد محمود مراد جواد إياد نزار حسام هيثم معاذ أنس بشير
    منير شريف لطيف رشيد مجيد حميد سامر عامر ياسر جاسم قاسم هاشم نعيم كاظم ناظم نديم
    رياض مهند معتز مؤمن فيصل نايف مالك بدر جلال هلال عماد مأمون منذر عمار بسام
    غالب
    """

# Given names that take no tanween (feminine, foreign, or diptote patterns):
# the family name still follows their case when it shows (a damma).
_OTHER = """
    أحمد يوسف إبراهيم إسماعيل يعقوب إسحاق إدريس مروان عثمان عدنان سلمان عمران
    رمضان عمر حمزة أسامة معاوية طلحة أكرم أيمن أشرف أنور أسعد أمجد سارة نادية
    ميساء سعاد أمل فاطمة مريم زينب هالة رانيا ريم سمر هند عبير نسرين ياسمين
    خديجة عائشة آمنة رحاب وفاء شيماء أسماء لبنى نوال منال ابتسام إيمان
    دانة رشا ليلى سلمى رنا دينا هدى منى سامي رامي ناجي هاني شادي فادي مصطفى
    """

TRIPTOTE_GIVEN_NAMES = frozenset(_TRIPTOTE.split())
OTHER_GIVEN_NAMES = frozenset(_OTHER.split())

# «بدرُ الدينِ», «عبدُ اللهِ»: compound given names are constructs.
COMPOUND_NAME_ENDS = frozenset({"الدين", "الله", "الرحمن", "الإسلام", "العابدين", "الزمان"})

# Titles and descriptions a name stands in apposition to («الدكتورِ سميرٍ
# العطارِ»): the name takes their case. Adjectives that follow such a title
# («الوزير السابق») agree with it, so they count too. Not a construct's
# second term: «وزير المالية خالد» takes the case of وزير, not of المالية.
_TITLES = """
    الدكتور الدكتورة النائب النائبة المهندس المهندسة الوزير الوزيرة الرئيس الرئيسة
    الشيخ السيد السيدة الأستاذ الأستاذة المدرب المدربة اللاعب اللاعبة الكاتب الكاتبة
    الشاعر الشاعرة المخرج المخرجة الفنان الفنانة الباحث الباحثة الحارس المهاجم
    الموسيقي الروائي الروائية المحامي المحامية العقيد اللواء العميد الأمير الأميرة
    الملك الطبيب الطبيبة الصحفي الصحفية الحكم العداء العداءة السباح السباحة الممثل
    الممثلة المغني المغنية الناشط الناشطة المتحدث المتحدثة الخبير الخبيرة المزارع
    الأكاديمي المعارض المؤرخ المدير المديرة القائد القائدة السائق السابق السابقة
    """
APPOSITION_TITLES = frozenset(_TITLES.split())
