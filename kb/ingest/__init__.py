"""Readers of book sources and bibliographies; nothing here touches the database."""
