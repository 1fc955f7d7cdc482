"""The starter pronunciation lexicon loaded by migration 0002. Names are
written the way Arabic newsrooms spell them; agencies and bodies known by a
Latin acronym are read by their Arabic name, as a newsreader would."""

STARTER_LEXICON = {
    # Companies and brands
    "Tesla": "تسلا", "SpaceX": "سبيس إكس", "Netflix": "نتفليكس", "Meta": "ميتا",
    "Google": "غوغل", "Apple": "آبل", "Microsoft": "مايكروسوفت", "Amazon": "أمازون",
    "Samsung": "سامسونغ", "Xiaomi": "شاومي", "Qualcomm": "كوالكوم", "NVIDIA": "إنفيديا",
    "OpenAI": "أوبن إيه آي", "ChatGPT": "تشات جي بي تي", "Gemini": "جيميناي", "Llama": "لاما",
    "GitHub": "غيت هب", "Hugging Face": "هاغينغ فيس", "Rocket Lab": "روكيت لاب",
    "Orbitra": "أوربيترا", "Voltline": "فولتلاين", "iPhone": "آيفون", "Android": "أندرويد",
    "Windows": "ويندوز", "Bitcoin": "بيتكوين", "Moody's": "موديز", "Moody": "موديز",
    "Fitch": "فيتش", "Bloomberg": "بلومبرغ",
    # Platforms
    "X": "إكس", "Twitter": "تويتر", "Facebook": "فيسبوك", "Instagram": "إنستغرام",
    "WhatsApp": "واتساب", "YouTube": "يوتيوب", "TikTok": "تيك توك", "Telegram": "تيليغرام",
    # Media and agencies
    "CNBC": "سي إن بي سي", "CNN": "سي إن إن", "BBC": "بي بي سي", "Reuters": "رويترز",
    "AFP": "وكالة الصحافة الفرنسية", "SXSW": "إس إكس إس دبليو",
    # International bodies, read by their Arabic names
    "WHO": "منظمة الصحة العالمية", "IMF": "صندوق النقد الدولي", "World Bank": "البنك الدولي",
    "UNESCO": "اليونسكو", "UNICEF": "اليونيسف", "FAO": "الفاو", "NASA": "ناسا", "NATO": "الناتو",
    "ICRC": "اللجنة الدولية للصليب الأحمر", "IOM": "المنظمة الدولية للهجرة",
    "WMO": "المنظمة العالمية للأرصاد الجوية", "OCHA": "أوتشا", "ICOMOS": "إيكوموس",
    "Fed": "الاحتياطي الفيدرالي", "European Investment Bank": "بنك الاستثمار الأوروبي",
    "EU AI Act": "قانون الذكاء الاصطناعي الأوروبي", "FIFA": "الفيفا", "UEFA": "الويفا",
    "CAF": "الكاف", "OPEC": "أوبك",
    # Sport
    "Real Madrid": "ريال مدريد", "Barcelona": "برشلونة", "Manchester City": "مانشستر سيتي",
    "Liverpool": "ليفربول",
    # Technology terms
    "Wi-Fi": "واي فاي", "LiDAR": "لايدار", "OLED": "أوليد", "5G": "الجيل الخامس",
    # Places often written in Latin letters
    "Los Angeles": "لوس أنجلوس", "Paris": "باريس", "Geneva": "جنيف", "Dubai": "دبي",
    "Oxford": "أكسفورد", "Cannes": "كان", "Venice": "البندقية", "Istanbul": "إسطنبول",
    "Marseille": "مرسيليا", "Nairobi": "نيروبي", "Dakar": "داكار", "Iceland": "آيسلندا",
}  # fmt: skip
