"""Child facts read from what people type: ages, 'my son', young people, apps and games."""

import pytest

from cyberprotect import message_facts as cc
from cyberprotect.content_store import PROJECT_ROOT, read_local_bundle, snapshot_from_bundle


@pytest.mark.parametrize(
    "text,age",
    [
        ("how do I keep my 10-year-old safe on Roblox?", 10),
        ("my 7 year old wants a tablet", 7),
        ("my 13yo daughter is on snapchat", 13),
        ("our 15 year old son has been asked for pictures", 15),
        ("my son (11) plays fortnite", 11),
        ("my daughter is 9 and wants tiktok", 9),
        ("she's 12 and keeps getting messages", 12),
        ("my daughter, who is 14, got a weird message", 14),
        ("tips for my eight year old", 8),
        ("I have a 16 year old girl", 16),
        ("aged 6, is youtube kids ok", 6),
    ],
)
def test_child_age_is_read(text, age):
    assert cc.child_age(text) == age


@pytest.mark.parametrize(
    "text",
    [
        "I got a scam text asking for £1.45",
        "my son lost 50 pounds on a game site",
        "she's 30 and was scammed",
        "he's one of those scammers",
        "my 25 year old son was hacked",
        "I paid 15 quid for a ticket",
    ],
)
def test_no_child_age_when_none_is_given(text):
    assert cc.child_age(text) is None


@pytest.mark.parametrize(
    "age,band",
    [
        (0, "under_8"),
        (7, "under_8"),
        (8, "8_to_12"),
        (12, "8_to_12"),
        (13, "13_to_17"),
        (17, "13_to_17"),
        (18, None),
        (None, None),
    ],
)
def test_age_bands(age, band):
    assert cc.age_band(age) == band


@pytest.mark.parametrize(
    "text,young",
    [
        ("I'm 14 and someone is threatening to share my pics", True),
        ("im only 13", True),
        ("i am 15 years old and getting bullied", True),
        ("I'm in year 9 and a man keeps messaging me", True),
        ("im a teenager and someone sent me a nude", True),
        ("I'm 45 and got a scam email", False),
        ("I'm 5 minutes away from the bank", False),
        ("my son is 14", False),
        ("i'm worried about my daughter", False),
    ],
)
def test_young_person_is_recognised(text, young):
    assert cc.says_young_person(text) is young


@pytest.mark.parametrize(
    "text,about",
    [
        ("my son's been asked for pictures", True),
        ("a man is messaging our daughter on snapchat", True),
        ("my little one got a message on roblox", True),
        ("my 9 year old was sent a rude picture", True),
        ("my grown up daughter was scammed", False),
        ("I was sent a picture on airdrop", False),
    ],
)
def test_about_a_child(text, about):
    assert cc.about_a_child(text) is about


@pytest.fixture(scope="module")
def platforms():
    return snapshot_from_bundle(read_local_bundle(PROJECT_ROOT / "content"), "local").platforms.values()


@pytest.mark.parametrize(
    "text,key",
    [
        ("how do I keep my 10-year-old safe on Roblox?", "roblox"),
        ("parental controls on insta", "instagram"),
        ("is tik tok ok for a 9 year old", "tiktok"),
        ("he plays on the ps5 all night", "gaming_consoles"),
        ("settings for whats app groups", "whatsapp"),
        ("my son uses discord and snapchat", "discord"),
        ("how do i keep my child safe online", None),
        ("how do i switch off snap map on snapchat", "snapchat"),  # "switch" the verb, not the console
        ("she plays on her switch and on roblox", "roblox"),
        ("he's always on his switch", "gaming_consoles"),
    ],
)
def test_platform_is_found_by_its_aliases(platforms, text, key):
    found = cc.find_platform(text, platforms)
    assert (found.key if found else None) == key


def test_context_under_18_is_unknown_unless_a_child_is_mentioned():
    assert cc.read("I was scammed").under_18 is None
    assert cc.read("my son was sextorted").under_18 is True
    assert cc.read("I'm 15 and was sextorted").under_18 is True


@pytest.mark.parametrize(
    "reply,band",
    [
        ("she's 9", "8_to_12"),
        ("11", "8_to_12"),
        ("he is 14", "13_to_17"),
        ("my son is 7", "under_8"),
        ("under 8", "under_8"),
        ("8 to 12", "8_to_12"),
        ("13 to 17", "13_to_17"),
        ("she's a teenager", "13_to_17"),
        ("he's in year 6", "8_to_12"),
        ("she's eight", "8_to_12"),
        ("my youngest is 3", "under_8"),
        ("no idea", None),
        ("he's 19", None),
        # typed replies the first version missed (2 Dec 2026)
        ("he's just turned 10", "8_to_12"),
        ("my lad's 13", "13_to_17"),
        ("she's nearly 14", "13_to_17"),
        ("11yo", "8_to_12"),
        ("the lad i foster is 14", "13_to_17"),
        ("13-17", "13_to_17"),
        ("8-12", "8_to_12"),
        ("P4", "under_8"),
        ("she's in P6", "8_to_12"),
        ("he's in S2", "8_to_12"),
        ("S3", "13_to_17"),
        ("first year of high school", "8_to_12"),
        ("third year at secondary school", "13_to_17"),
        ("the grandkids are 4, 7 and 10", "under_8"),
        ("he's 7", "under_8"),
        ("she spent £15 on it", None),
        ("he's 20 now", None),
        ("dunno, about 3 hours a day on it", None),
    ],
)
def test_band_from_a_reply_about_the_childs_age(reply, band):
    assert cc.band_from_reply(reply) == band


@pytest.fixture(scope="module")
def places():
    return snapshot_from_bundle(read_local_bundle(PROJECT_ROOT / "content"), "local").places


@pytest.mark.parametrize(
    "text,nation",
    [
        ("I live in Dundee. Where do I report it?", "scotland"),
        ("im from glasgow", "scotland"),
        ("we're in Fife", "scotland"),
        ("based in Cardiff", "wales"),
        ("Belfast", "northern_ireland"),
        ("I'm in Manchester", "england"),
        ("I was reading the text in the bath", None),
        ("my husband Barry got a scam call", None),
        ("I moved from Glasgow to London", None),
        ("I got a scam text", None),
        # issue 18: the nation is where the writer is, not any place named (a Scot told of a man working in Belfast)
        (
            "He said that he would be working in Northern Ireland and he wanted to come to Scotland to meet me",
            "scotland",
        ),
        ("I live in Glasgow but the scammer said he was in London", "scotland"),
        ("My son in London got a text, I'm in Edinburgh", "scotland"),
        ("I reported it to Police Scotland and he said he was from Belfast", "scotland"),
        ("I'm a Scot and my bank is in Newcastle", "scotland"),
        ("he said he was working in Belfast", None),
        ("the caller said he was from a bank in Manchester", None),
    ],
)
def test_nation_from_a_place_name(places, text, nation):
    assert cc.find_nation(text, places) == nation


@pytest.mark.parametrize(
    "key,text,refined",
    [
        # issue 18: a young person romanced online is grooming (CEOP, Childline), never the adult romance-scam advice
        (
            "romance_scam",
            "im 14 and this lad online says he loves me and wants to meet, he says dont tell my mum",
            "child_grooming",
        ),
        ("romance_scam", "my daughter is 13 and a man she met on a game keeps saying he loves her", "child_grooming"),
        (
            "romance_scam",
            "my mum met a man online who says he loves her and now wants money for a flight",
            "romance_scam",
        ),
        ("romance_scam", "I'm 67 and met a soldier on Facebook who needs money", "romance_scam"),
        # an AI-made nude of the writer is the deepfake topic, not child abuse images found online
        ("child_abuse_images", "someone made an AI picture of me naked and is sharing it", "deepfake_images"),
        ("child_abuse_images", "I found sexual pictures of children on my brother's laptop", "child_abuse_images"),
        ("smishing", "im 14 and got a text from royal mail", "smishing"),
        # the phone losing its signal before the accounts were taken over is a SIM swap (the mobile provider first)
        (
            "hacked_account",
            "my phone suddenly said SOS only and by the evening someone had logged into my bank app",
            "sim_swap",
        ),
        ("hacked_account", "someone hacked my instagram and changed the password", "hacked_account"),
        # a call, not an email
        ("phishing_email", "it was a recorded message claiming to be from my bank about a payment", "vishing"),
        ("phishing_email", "an email said my account would close and a man rang me about it", "phishing_email"),
        # a caller claiming to be a relative is family impersonation, not a bank call or courier fraud (issue 18)
        (
            "vishing",
            "a man rang and said Hi Nan, I've been arrested and need bail money, don't tell mum",
            "family_impersonation",
        ),
        (
            "courier_fraud",
            "the caller said it's me, your eldest grandson, and a courier would collect the cash",
            "family_impersonation",
        ),
        ("vishing", "a woman pretending to be my daughter rang crying and asked for money", "family_impersonation"),
        (
            "phishing_email",
            "I got a phone call, the caller said hi grandma, I'm in jail and need bail",
            "family_impersonation",
        ),
        ("vishing", "a man rang pretending to be from my bank and said my son's account was at risk", "vishing"),
        ("courier_fraud", "a fake police officer rang my mum and sent a courier for her card", "courier_fraud"),
        # the person's own account sent what they never wrote: a hacked account (issue 18)
        ("phishing_email", "my contacts have received an email supposedly from me asking for money", "hacked_account"),
        (
            "family_impersonation",
            "my friends are all getting messages from my whatsapp asking to borrow money",
            "hacked_account",
        ),
        (
            "family_impersonation",
            "a friend messaged me on Messenger asking me to send him the security code I'd get",
            "hacked_account",
        ),
        (
            "family_impersonation",
            "Hi Mum this is my new number, can you send me the code I just sent you",
            "family_impersonation",
        ),
        (
            "family_impersonation",
            "I got a message saying hi mum my phone is broken, can you pay a bill",
            "family_impersonation",
        ),
        ("phishing_email", "an email from my bank said my account would be closed unless I log in", "phishing_email"),
        # what the caller or email claimed is the scam's script, not a taken-over account (hand-tried 4 Dec 2026: a
        # safe-account story from Dundee got the hacked-account advice)
        (
            "vishing",
            "Last week a man rang him saying he was from his bank's fraud team and that his account had been "
            "compromised. He got dad to move £6,000 into a safe account.",
            "vishing",
        ),
        ("phishing_email", "I got an email telling me my account has been compromised and to log in", "phishing_email"),
        ("vishing", "They rang me about a parcel. The next day my facebook account was hacked.", "hacked_account"),
    ],
)
def test_refined_topic_from_the_messages_facts(key, text, refined):
    assert cc.refined_topic(key, text) == refined
