"""Name lists for the synthetic Demoshire staff. Invented combinations; no real people."""

FIRST_NAMES = (
    "Aaliyah", "Abdul", "Adam", "Adebayo", "Aisha", "Alex", "Alice", "Amara", "Amelia", "Amir",
    "Ana", "Andrew", "Anika", "Anna", "Asha", "Ayesha", "Ben", "Beth", "Bilal", "Bronwen",
    "Caitlin", "Callum", "Carla", "Catherine", "Chloe", "Chris", "Ciaran", "Claire", "Connor",
    "Dan", "Daniel", "Deepa", "Dominika", "Eilidh", "Elena", "Eleanor", "Ellie", "Emeka", "Emma",
    "Erin", "Fatima", "Femi", "Fiona", "Gareth", "Gemma", "Georgia", "Grace", "Hannah", "Harjit",
    "Harry", "Helen", "Imran", "Isla", "Jack", "Jade", "James", "Jasmine", "Jess", "Joanne",
    "Jonah", "Josh", "Kamala", "Karen", "Kate", "Kwame", "Laura", "Leah", "Liam", "Lily",
    "Lucy", "Luke", "Maria", "Marcus", "Mark", "Maya", "Megan", "Mei", "Michael", "Mohammed",
    "Nadia", "Naomi", "Natalie", "Nia", "Nikhil", "Olivia", "Omar", "Oskar", "Patrick", "Paul",
    "Pooja", "Precious", "Priya", "Rachel", "Rebecca", "Rhys", "Rosa", "Ruth", "Ryan", "Safiya",
    "Samuel", "Sana", "Sarah", "Sean", "Shauna", "Simone", "Sophie", "Stefan", "Sunita",
    "Tariq", "Thomas", "Tom", "Tomasz", "Usha", "Victoria", "Wei", "Yasmin", "Yusuf", "Zainab",
    "Zoe",
)

LAST_NAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Ali", "Allen", "Anderson", "Armstrong", "Atkinson", "Bailey",
    "Baker", "Banerjee", "Barnes", "Bell", "Bennett", "Bhatti", "Boateng", "Bradley", "Brennan",
    "Brooks", "Brown", "Burton", "Campbell", "Carter", "Chadha", "Chapman", "Chen", "Clarke",
    "Coleman", "Collins", "Cooper", "Cox", "Davies", "Dawson", "Dixon", "Doherty", "Douglas",
    "Edwards", "Ellis", "Evans", "Farah", "Fischer", "Fletcher", "Ford", "Foster", "Fraser",
    "Gallagher", "Gill", "Gordon", "Graham", "Grant", "Green", "Griffiths", "Hall", "Hamilton",
    "Harris", "Hart", "Hughes", "Hussain", "Iqbal", "Jackson", "James", "Jenkins", "Johnson",
    "Jones", "Kaur", "Kelly", "Khan", "King", "Kowalski", "Lawrence", "Lee", "Lewis", "Lloyd",
    "Lucas", "Mahmood", "Marshall", "Martin", "Mason", "McCarthy", "Mensah", "Mills",
    "Mitchell", "Moore", "Morgan", "Murphy", "Murray", "Nowak", "Obi", "O'Brien", "Okafor",
    "Owen", "Palmer", "Parker", "Patel", "Pearson", "Phillips", "Powell", "Price", "Quinn",
    "Rahman", "Reid", "Richards", "Roberts", "Robinson", "Rose", "Russell", "Saunders", "Scott",
    "Shah", "Sharma", "Simpson", "Singh", "Smith", "Stewart", "Sullivan", "Taylor", "Thomas",
    "Thompson", "Turner", "Walker", "Walsh", "Ward", "Watson", "Webb", "White", "Williams",
    "Wilson", "Wood", "Wright", "Yates", "Young", "Zhang",
)
