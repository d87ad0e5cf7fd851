"""Workshop mode: "Practice AI" sessions — join codes, exercises scored by the studio's own engines, a live
dashboard, results and certificates (issue 9)."""
