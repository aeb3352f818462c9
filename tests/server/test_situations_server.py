"""Issue 18 items 3-4 on the running bot (REST channel, action server, trained model): the reply follows what
the person already did, a story told during the triage ends the triage, and two questions get two answers."""

import uuid

DANGER_QUESTION = "First, is anyone in danger right now"


def sender():
    return f"test-{uuid.uuid4().hex[:8]}"


def test_a_story_during_triage_gets_the_advice_and_the_triage_does_not_ask_again(bot):
    user = sender()
    first = " ".join(bot.reply_texts(user, "I think I've been scammed"))
    assert DANGER_QUESTION in first
    story = (
        "I saw a cockapoo puppy advertised on Facebook and paid a £400 deposit by bank transfer. The seller "
        "kept asking for more money for vaccinations and insurance, and now they have blocked me."
    )
    second = " ".join(bot.reply_texts(user, story))
    assert "Online shopping scams" in second and "Because you said you have paid" in second
    assert DANGER_QUESTION not in second
    third = " ".join(bot.reply_texts(user, "thank you"))
    assert DANGER_QUESTION not in third


def test_clicked_and_card_details_given_bank_first_not_do_not_click(bot):
    texts = bot.reply_texts(
        sender(),
        "I got a text from Royal Mail saying my parcel couldn't be delivered. "
        "I clicked the link and put my card details in",
    )
    joined = "\n".join(texts)
    assert "Do not click any link" not in joined
    steps = joined.split("start here:\n", 1)[1]
    assert steps.startswith("1. Call your bank now") and "159" in steps.splitlines()[0]
    routes = joined.split("most urgent first:\n", 1)[1]
    assert routes.index("Your bank") < routes.index("7726")


def test_how_do_i_report_it_and_will_i_get_my_money_back(bot):
    user = sender()
    bot.reply_texts(user, "I paid for concert tickets on Facebook Marketplace and they never came")
    joined = " ".join(bot.reply_texts(user, "how do I report it and will I get my money back?"))
    assert "Report Fraud" in joined and "depends on how you paid" in joined
