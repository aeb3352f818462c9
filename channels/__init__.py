"""Messaging channels beyond Rasa's REST and socket.io: Telegram and Twilio (SMS and WhatsApp).

credentials.yml is the one list of channels. `channels.credentials` turns it into the file Rasa reads,
keeping only the channels whose environment variables are all set. The connectors subclass Rasa's
built-in ones and add request verification (channels/telegram.py, channels/twilio.py); numbered options
for channels without buttons are in the pure module channels/options.py.
"""
