"""The kb dashboard: a Streamlit multipage app over the read API (kb.api). It never writes."""

from pathlib import Path

APP = Path(__file__).with_name("app.py")
