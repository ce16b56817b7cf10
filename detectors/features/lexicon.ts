/**
 * Word lists the prompt scanner matches, as data. Entries are comma-separated phrases of lower-case
 * words; `#` stands for any number. Suffixes -s/-ed/-ing are folded on both sides (see stem.ts), so
 * one form usually covers the others; irregular forms are listed. Written from how people phrase
 * requests, not from any one prompt generator.
 */

export interface TopicWords {
  name: string;
  /** Unambiguous for the area: one is enough. */
  strong: string;
  /** Suggestive: two (or one with a strong word) are needed. */
  weak: string;
}

/** Capability areas, in bit order of `TextFeatures.topics`. */
export const TOPIC_WORDS: readonly TopicWords[] = [
  {
    name: 'math',
    strong:
      'math, maths, mathematics, mathematical, equation, integral, integrate, derivative, differentiate, calculus, ' +
      'algebra, algebraic, geometry, trigonometry, trigonometric, polynomial, quadratic, matrix, matrices, ' +
      'determinant, eigenvalue, eigenvector, theorem, lemma, logarithm, factorial, fraction, denominator, numerator, ' +
      'prime number, prime factorization, divisible, divisor, remainder, modulo, square root, cube root, solve for, ' +
      'hypotenuse, pythagorean, sine, cosine, parabola, hyperbola, asymptote, combinatorics, permutation, binomial, ' +
      'arithmetic, multiply, multiplied, multiplication, divided by, long division, percentage of, simplify the expression, ' +
      'inequality, inequalities, exponent, perimeter, circumference, radius, diameter, triangle, rectangle, polygon, ' +
      'area of, volume of, slope of, greatest common divisor, least common multiple, gcd, lcm, integer, integers, ' +
      'convergence, infinite series, geometric series, arithmetic sequence, fibonacci, number theory, ' +
      'differential equation, linear algebra, real number, complex number, imaginary number, times table, word problem',
    weak:
      'calculate, compute, solve, sum, product, average, median, number, digit, how many, equal, equals, ' +
      'function, graph, angle, probability, proof, prove, formula, square, cube, root, percent, percentage, ' +
      'ratio, proportion, minus, plus, decimal, vector, sequence, series, converge, the mean of, ' +
      'mean and median',
  },
  {
    name: 'code',
    strong:
      'code, coding, programming, programmer, python, javascript, typescript, java, golang, php, kotlin, sql, html, css, ' +
      'json, yaml, regex, regular expression, write a function, algorithm, compiler, debug, debugging, ' +
      'stack trace, syntax error, runtime error, segmentation fault, array, linked list, hash map, hashmap, ' +
      'recursion, recursive, for loop, while loop, object oriented, api, endpoint, backend, frontend, ' +
      'reactjs, react app, react hook, vue, nodejs, npm, django, spring boot, git, github, repository, pull request, docker, ' +
      'kubernetes, unit test, refactor, bash, shell script, powershell, linux command, terminal command, big o, ' +
      'time complexity, data structure, binary tree, binary search, sorting algorithm, leetcode, snippet, codebase, ' +
      'async, await, memory leak, null pointer, boolean, constructor, rust code, swift code, react component, ' +
      'variable name, this code, my code, the code, source code',
    weak:
      'function, method, library, bug, loop, script, node, variable, string, error, file, server, database, ' +
      'query, deploy, app, application, software, developer, print, swift, rust, ruby, framework, implement, ' +
      'implementation, program, install, react, angular, flask, array, exception, callback, pointer, ' +
      'compile, inheritance',
  },
  {
    name: 'physics',
    strong:
      'physics, physicist, quantum, relativity, newton, newtonian, velocity, acceleration, momentum, kinetic energy, ' +
      'potential energy, friction, gravity, gravitational, electromagnetic, electromagnetism, magnetic field, ' +
      'electric field, voltage, resistor, circuit, ohm, thermodynamics, entropy, photon, electron, proton, neutron, ' +
      'particle, wavelength, optics, refraction, diffraction, projectile, pendulum, torque, inertia, joule, watt, ' +
      'speed of light, black hole, galaxy, galaxies, solar system, astronomy, astrophysics, telescope, orbit, orbital, ' +
      'cosmology, big bang, nuclear, fission, nuclear fusion, radiation, radioactive, half life, semiconductor, superconductor, ' +
      'string theory, dark matter, star formation, meters per second, centripetal, buoyancy, density of',
    weak:
      'energy, mass, force, wave, speed, motion, heat, temperature, pressure, universe, moon, sun, ' +
      'star, electric, electricity, magnet, magnetic, frequency, lens, kg, meter, meters, planet, fusion',
  },
  {
    name: 'chemistry',
    strong:
      'chemistry, chemical, molecule, molecular, atom, atomic, reactant, catalyst, oxidation, redox, acid, acidic, ' +
      'alkaline, ph of, ph level, ph value, molar, molarity, stoichiometry, periodic table, isotope, ion, ionic, covalent, valence, ' +
      'electron configuration, organic chemistry, inorganic, polymer, hydrocarbon, benzene, ethanol, methane, hydrogen, ' +
      'oxygen, nitrogen, carbon dioxide, sodium, chloride, sulfuric, titration, solvent, solute, precipitate, ' +
      'equilibrium constant, enthalpy, exothermic, endothermic, balance the equation, chemical equation, chemical reaction',
    weak:
      'element, bond, compound, reaction, gas, liquid, solid, metal, salt, carbon, iron, gold, formula, lab, ' +
      'concentration, mixture, temperature, boiling point, melting point, mole',
  },
  {
    name: 'biology',
    strong:
      'biology, biological, cellular, dna, rna, gene, genetic, genetics, genome, chromosome, mutation, protein, enzyme, ' +
      'mitochondria, photosynthesis, cellular respiration, evolution, evolutionary, natural selection, species, ' +
      'organism, ecosystem, ecology, bacteria, bacterium, microbe, fungi, fungus, plant cell, animal cell, mitosis, ' +
      'meiosis, cell division, cell membrane, anatomy, physiology, neuron, hormone, metabolism, taxonomy, mammal, ' +
      'reptile, amphibian, insect, predator, prey, food chain, biodiversity, habitat, marine biology, botany, zoology, ' +
      'microbiology, heredity, allele, phenotype, genotype, dinosaur, dinosaurs',
    weak:
      'cell, animal, plant, tree, bird, fish, blood, brain, organ, nature, evolve, breed, wild, wildlife, ' +
      'flower, seed, virus, nucleus, membrane, tissue',
  },
  {
    name: 'medicine',
    strong:
      'medicine, medical, medication, doctor, physician, nurse, hospital, clinic, symptom, diagnosis, diagnose, ' +
      'disease, disorder, treatment, therapy, dose, dosage, mg, prescription, prescribed, side effect, infection, fever, ' +
      'headache, migraine, chronic, cancer, tumor, diabetes, insulin, blood pressure, hypertension, cholesterol, ' +
      'heart attack, asthma, allergy, allergies, antibiotic, vaccine, vaccination, surgery, surgical, injury, ' +
      'injuries, rash, cough, nausea, vomiting, diarrhea, pregnancy, pregnant, covid, flu, pharmacy, ibuprofen, ' +
      'acetaminophen, paracetamol, aspirin, mental health, adhd, dementia, alzheimer, nutrition, vitamin, dentist, ' +
      'dental, tooth, teeth, clinical, epidemiology, immune system, inflammation, sore throat, painkiller, ' +
      'blood test, physical therapy',
    weak:
      'health, healthy, sick, ill, illness, pain, hurt, sleep, weight, diet, exercise, body, skin, eye, ' +
      'stomach, heart, blood, breathing, depression, anxiety, treat, cure, recovery, safe to take, ache, ' +
      'hurts, patient, stroke',
  },
  {
    name: 'law',
    strong:
      'legal, legally, illegal, lawyer, attorney, in court, court case, law firm, law school, jury, lawsuit, sue, sued, suing, litigation, ' +
      'contract, statute, regulation, constitution, constitutional, amendment, tenant, landlord, lease, ' +
      'eviction, copyright, trademark, patent, intellectual property, liability, liable, negligence, plaintiff, ' +
      'defendant, prosecution, prosecutor, criminal, crime, felony, misdemeanor, custody, probate, gdpr, compliance, ' +
      'terms of service, privacy policy, jurisdiction, supreme court, verdict, legislation, tort, breach of contract, ' +
      'notary, employment law, legal advice, my rights, small claims, write a will, last will',
    weak:
      'appeal, police, permit, permission, policy, agreement, claim, evidence, justice, owe, penalty, ' +
      'ticket, arrest, arrested, divorce, inheritance, visa, law, court, judge, clause, settlement',
  },
  {
    name: 'finance',
    strong:
      'finance, financial, invest, investing, investment, investor, stock market, stock price, stock option, ' +
      'etf, index fund, mutual fund, portfolio, dividend, interest rate, compound interest, loan, mortgage, ' +
      'credit card, credit score, debt, budget, budgeting, savings, retirement, pension, ira, roth, tax, ' +
      'taxes, taxation, income tax, tax deduction, irs, inflation, recession, gdp, economy, economic, ' +
      'economics, economist, monetary policy, fiscal, central bank, federal reserve, currency, ' +
      'exchange rate, forex, crypto, cryptocurrency, bitcoin, ethereum, blockchain, bank account, ' +
      'balance sheet, income statement, cash flow, revenue, profit, valuation, equity, asset, liabilities, ' +
      'supply and demand, price elasticity, trading, hedge fund, insurance, apr, roi, net worth, invoice, ' +
      'bond yield, shares of, money, accountant, bookkeeping, online banking',
    weak:
      'price, cost, pay, paid, buy, sell, market, bank, fund, dollar, euro, cheap, expensive, afford, ' +
      'income, spend, spending, cash, financially, rich, wealth, premium, capital, bond, payment, ' +
      'salary, stock',
  },
  {
    name: 'history',
    strong:
      'history, historical, historian, century, centuries, ancient, medieval, middle ages, renaissance, empire, dynasty, ' +
      'world war, civil war, revolution, revolutionary, colonial, colonialism, colony, colonies, monarchy, emperor, ' +
      'pharaoh, roman, romans, ottoman, byzantine, mongol, viking, vikings, feudal, treaty, battle, conquest, cold war, ' +
      'holocaust, nazi, soviet, ussr, industrial revolution, slavery, archaeology, archaeological, bce, prehistoric, ' +
      'napoleon, caesar, reign, crusade, crusades, aztec, inca, maya, mayan, historically, founding fathers',
    weak:
      'origin, invented, invention, timeline, leader, president, kingdom, king, queen, bc, ad, era, decade, ' +
      'war, independence, greek, greece, egypt, egyptian, rome',
  },
  {
    name: 'geography',
    strong:
      'geography, geographic, geographical, capital of, capital city, continent, population of, mountain range, ' +
      'latitude, longitude, equator, hemisphere, peninsula, archipelago, largest city, climate zone, terrain, ' +
      'africa, asia, europe, antarctica, south america, north america, sahara, himalayas, pacific ocean, ' +
      'atlantic ocean, mediterranean, longest river, highest mountain, which country, what country, border with',
    weak:
      'city, cities, town, located, location, where is, north, south, east, west, nation, population, ' +
      'capital, country, countries, river, mountain, ocean, sea, lake, desert, island, region, province, ' +
      'border, valley, volcano, coast, coastline',
  },
  {
    name: 'earth',
    strong:
      'climate change, global warming, greenhouse gas, greenhouse effect, carbon emission, emissions, renewable energy, ' +
      'solar panel, wind turbine, fossil fuel, pollution, recycling, recycle, sustainability, sustainable, ' +
      'environmental, deforestation, geology, geological, mineral, earthquake, tectonic, plate tectonics, erosion, ' +
      'sediment, hurricane, tornado, rainfall, drought, atmosphere, ozone, meteorology, carbon footprint, ' +
      'water cycle, fossil, volcanic, glacier, weather forecast',
    weak:
      'climate, weather, rain, snow, wind, storm, forest, energy, nature, plastic, soil, flood, ' +
      'environment, renewable, conservation',
  },
  {
    name: 'literature',
    strong:
      'literature, literary, novelist, author, poet, poetry, this book, the book, a book about, chapter, character analysis, protagonist, ' +
      'antagonist, theme of, symbolism, metaphor, imagery, narrator, shakespeare, hamlet, macbeth, dickens, austen, ' +
      'tolkien, orwell, homer, odyssey, iliad, fiction, nonfiction, literary device, sonnet, stanza, allegory, ' +
      'classic novel, reading list, book review, the great gatsby, to kill a mockingbird, the author',
    weak:
      'story, character, plot, poem, writer, wrote, written by, quote, published, tale, myth, narrative, ' +
      'genre, irony, tragedy, verse, book, novel',
  },
  {
    name: 'creative',
    strong:
      'write a poem, write a story, write a short story, short story, write a song, song lyrics, lyrics, haiku, ' +
      'limerick, poem about, story about, fan fiction, fanfiction, screenplay, creative writing, worldbuilding, ' +
      'world building, plot twist, rhyme, rhyming, write a letter, write a speech, slogan, tagline, write a joke, ' +
      'joke about, write an essay, essay on, essay about, fairy tale, bedtime story, fable, dialogue between, ' +
      'monologue, roleplay, role play, imagine you are, pretend you are, once upon a time, in the style of, ' +
      'write me a, write a blog post, blog post, write a toast, a sonnet',
    weak:
      'story, poem, imagine, character, funny, fantasy, dragon, magic, adventure, hero, villain, essay, ' +
      'letter, creative, compose, joke, prose, verse, scene',
  },
  {
    name: 'philosophy',
    strong:
      'philosophy, philosophical, philosopher, ethics, ethical, morality, moral, morally, metaphysics, epistemology, ' +
      'ontology, existentialism, existential, nihilism, stoicism, stoic, utilitarianism, utilitarian, kant, kantian, ' +
      'plato, aristotle, socrates, nietzsche, descartes, hume, free will, determinism, consciousness, meaning of life, ' +
      'trolley problem, virtue, religion, religious, theology, bible, quran, buddhism, buddhist, hinduism, ' +
      'christianity, christian, islam, muslim, judaism, jewish, spiritual, spirituality, afterlife, karma, ' +
      'atheism, atheist',
    weak:
      'truth, exist, existence, belief, right or wrong, good and evil, justice, happiness, purpose, reality, ' +
      'wisdom, society, faith, dilemma, pray, prayer, church, god, soul',
  },
  {
    name: 'psychology',
    strong:
      'psychology, psychological, psychologist, psychiatrist, psychiatry, cognitive, cognition, behavior, ' +
      'behaviour, behavioral, behavioural, personality, emotion, emotional, anxiety, depression, trauma, ' +
      'ptsd, therapist, motivation, procrastination, procrastinate, self esteem, mindset, cognitive bias, ' +
      'maslow, freud, jung, introvert, extrovert, mental health, mindfulness, meditation, burnout, ' +
      'loneliness, phobia, attachment style, narcissist, narcissism, overthinking, panic attack, ' +
      'classical conditioning, operant conditioning',
    weak:
      'brain, mood, sad, angry, anger, fear, afraid, worry, worried, stress, stressed, confidence, habit, ' +
      'perception, bias, mental, lonely, overwhelmed, motivated',
  },
  {
    name: 'translation',
    strong:
      'translate, translation, translator, how do you say, how to say, how would you say, in french, ' +
      'in spanish, in german, in italian, in chinese, in japanese, in korean, in russian, in portuguese, in arabic, ' +
      'in hindi, into english, into french, into spanish, into german, into chinese, into japanese, to english, ' +
      'to french, to spanish, to german, from english, from french, from spanish, from german, native speaker, ' +
      'translate to, translate into, in english',
    weak:
      'english, french, spanish, german, italian, portuguese, russian, chinese, mandarin, japanese, korean, ' +
      'arabic, hindi, dutch, swedish, polish, turkish, vietnamese, thai, indonesian, hebrew, latin, language',
  },
  {
    name: 'language',
    strong:
      'grammar, grammatical, grammatically, punctuation, comma, semicolon, apostrophe, noun, verb, ' +
      'adjective, adverb, pronoun, preposition, conjunction, past tense, present tense, future tense, ' +
      'subject verb agreement, sentence structure, synonym, antonym, vocabulary, idiom, definition of, ' +
      'define the word, etymology, pronunciation, pronounce, syllable, linguistics, linguistic, phonetics, ' +
      'proofread, paraphrase, rephrase, reword, rewrite this sentence, correct the grammar, fix the grammar, ' +
      'fix my grammar, correct to say, which is correct, passive voice, active voice, plural of, conjugate, ' +
      'conjugation, what does the word, meaning of the word, how to spell, another word for, ' +
      'spelling mistake, spelling error, correct spelling',
    weak:
      'word, sentence, language, english, phrase, spelled, rewrite, paragraph, plural, singular, tense, ' +
      'clause, spell',
  },
  {
    name: 'logic',
    strong:
      'riddle, puzzle, brain teaser, brainteaser, logic puzzle, logical reasoning, syllogism, knights and knaves, ' +
      'truth teller, always lies, always tells the truth, who is lying, sudoku, crossword, lateral thinking, deduce, ' +
      'deduction, deductive, inductive, premise, premises, valid argument, fallacy, fallacies, paradox, ' +
      'which of the following must be true, true or false, trick question, monty hall, river crossing, ' +
      'tower of hanoi, seating arrangement, blood relation, next number in the sequence, what comes next, ' +
      'logically follows, necessarily true',
    weak:
      'logic, logical, clue, guess, therefore, implies, valid, arrange, conclusion, if all',
  },
  {
    name: 'data',
    strong:
      'machine learning, deep learning, neural network, artificial intelligence, ai model, model training, dataset, ' +
      'data science, data scientist, data analysis, data analytics, statistics, statistical, regression, ' +
      'linear regression, logistic regression, classifier, clustering, k means, decision tree, random forest, ' +
      'gradient descent, backpropagation, overfitting, underfitting, hyperparameter, transformer model, ' +
      'attention mechanism, llm, large language model, language model, gpt, bert, embedding, fine tune, fine tuning, ' +
      'pytorch, tensorflow, keras, scikit, sklearn, pandas, numpy, dataframe, feature engineering, precision and recall, ' +
      'f1 score, confusion matrix, cross validation, standard deviation, variance, correlation, hypothesis test, ' +
      'p value, confidence interval, normal distribution, bayesian, probability distribution, sample size, ab test, ' +
      'chatgpt, prompt engineering, reinforcement learning, computer vision, nlp, natural language processing, ' +
      'data visualization, dashboard, etl, data pipeline, big data',
    weak:
      'data, model, ai, predict, prediction, algorithm, accuracy, analysis, analyze, chart, graph, ' +
      'spreadsheet, excel, trend, metric, classification, survey',
  },
  {
    name: 'business',
    strong:
      'business, startup, entrepreneur, entrepreneurship, marketing, market research, marketing strategy, branding, ' +
      'advertising, advertisement, seo, social media marketing, sales, customer, product launch, ' +
      'business plan, business model, pricing strategy, competitor, competitive advantage, stakeholder, management, ' +
      'leadership, swot, kpi, okr, b2b, b2c, saas, ecommerce, e commerce, supply chain, logistics, negotiation, ' +
      'negotiate, pitch deck, corporate, ceo, small business, franchise, retail, wholesale, product manager, ' +
      'project management, agile, scrum, cold email, press release, go to market, value proposition, target audience',
    weak:
      'market, product, service, project, strategy, sell, profit, brand, launch, company, companies, ' +
      'manager, operations, proposal, vendor, revenue, client, campaign, promotion',
  },
  {
    name: 'career',
    strong:
      'career, job, my resume, resume for, cv, cover letter, job interview, interview questions, interview, hiring, recruiter, ' +
      'linkedin, salary, coworker, colleague, workplace, employer, employee, quit my job, resign, ' +
      'resignation, layoff, laid off, internship, job offer, job application, job search, career change, ' +
      'professional development, work from home, remote work, performance review, onboarding, freelance, ' +
      'freelancer, side hustle, my boss, my manager, raise at work',
    weak:
      'boss, hire, fired, skills, skill, apply, professional, office, manager, qualification, portfolio, ' +
      'resume, promotion',
  },
  {
    name: 'education',
    strong:
      'homework, exam, curriculum, syllabus, lesson plan, gpa, tutoring, tutor, education, educational, ' +
      'thesis, dissertation, professor, lecture, flashcards, kindergarten, teacher, student, school, university, ' +
      'college, scholarship, high school, middle school, study guide, study for, midterm, final exam, textbook, ' +
      'worksheet, grade level, classroom',
    weak:
      'study, studying, lesson, grade, quiz, graduate, teach, teaching, explain to a child, beginner, ' +
      'assignment',
  },
  {
    name: 'cooking',
    strong:
      'recipe, cook, cooking, bake, baking, oven, ingredient, cuisine, dish, meal, dinner, lunch, breakfast, ' +
      'dessert, cake, baking cookies, bread, pasta, pizza, soup, salad, sauce, chicken, beef, pork, steak, ' +
      'salmon, tofu, vegetarian, vegan, gluten free, spice, marinade, grill, grilled, roast, roasted, fry, ' +
      'fried, saute, simmer, teaspoon, tablespoon, flour, butter, garlic, onion, tomato, tomatoes, noodle, ' +
      'sushi, curry, cheese, chocolate, wine pairing, kitchen, chef, meal prep, air fryer, slow cooker, ' +
      'instant pot',
    weak:
      'food, eat, eating, taste, tasty, delicious, drink, coffee, tea, fruit, vegetable, egg, eggs, ' +
      'milk, sugar, rice, boil, snack, cookie',
  },
  {
    name: 'travel',
    strong:
      'travel, traveling, travelling, traveler, trip, itinerary, vacation, tourist, tourism, sightseeing, flight, ' +
      'airline, airport, hotel, hostel, airbnb, passport, luggage, backpacking, road trip, cruise, destination, ' +
      'things to do in, places to visit, where to stay, best time to visit, day trip, honeymoon, resort, jet lag, ' +
      'layover, train ticket, car rental, travel insurance, tour guide, landmark, visa for',
    weak:
      'visit, visiting, city, country, abroad, tour, days in, beach, holiday, booking, book a, museum',
  },
  {
    name: 'sports',
    strong:
      'sport, sports, football, soccer, basketball, baseball, tennis, golf, cricket, rugby, hockey, ' +
      'volleyball, swimming, marathon, olympics, olympic, world cup, nba, nfl, fifa, mlb, nhl, ' +
      'premier league, champions league, athlete, tournament, championship, goalkeeper, quarterback, ' +
      'workout, gym, fitness, strength training, weightlifting, squat, deadlift, bench press, cardio, ' +
      'stretching, yoga, pilates, muscle, protein shake, calories burned, jogging, half marathon, ' +
      'martial arts, ufc, mma, referee, training plan, cyclist, bike ride, boxer, kickboxing',
    weak:
      'team, coach, exercise, race, player, league, reps, calories',
  },
  {
    name: 'entertainment',
    strong:
      'movie, film, cinema, tv show, tv series, netflix, episode, actor, actress, director, hollywood, ' +
      'anime, manga, cartoon, music, song, album, band, singer, rapper, concert, guitar, piano, chord, ' +
      'playlist, spotify, video game, gamer, playstation, xbox, nintendo, minecraft, fortnite, pokemon, ' +
      'board game, dnd, dungeons and dragons, celebrity, celebrities, comedian, podcast, youtube, youtuber, ' +
      'tiktok, marvel, star wars, harry potter, oscars, grammy, soundtrack, trivia, sitcom, binge watch',
    weak:
      'game, funny, entertainment, character, series, fan',
  },
  {
    name: 'relationships',
    strong:
      'relationship, boyfriend, girlfriend, husband, wife, spouse, marriage, married, wedding, date night, ' +
      'breakup, break up, broke up, my ex, crush, love life, in love, friendship, best friend, toddler, ' +
      'sibling, in laws, roommate, argument with, fight with, trust issues, jealous, jealousy, cheating, ' +
      'cheated, my friend, my mom, my dad, my mother, my father, my partner, my wife, my husband, ' +
      'my girlfriend, my boyfriend, my sister, my brother, my son, my daughter, my kids, my family, ' +
      'my parents, birthday gift, gift for, gift ideas, anniversary, condolence, how do i tell, ' +
      'should i tell, dating app, online dating, first date, parenting advice, parenting tips',
    weak:
      'friend, family, parent, mom, mother, dad, father, son, daughter, kid, kids, child, children, baby, ' +
      'brother, sister, upset, apologize, apology, lonely',
  },
  {
    name: 'tech',
    strong:
      'iphone, android, smartphone, laptop, pc, mac, macbook, windows #, ios, printer, router, wifi, wi fi, bluetooth, ' +
      'usb, hard drive, ssd, keyboard, battery, charger, uninstall, reinstall, device driver, reboot, password, ' +
      'login, log in, sign in, account locked, gmail, outlook, microsoft, google chrome, chrome, browser, firefox, ' +
      'safari, word document, powerpoint, app store, icloud, google drive, dropbox, malware, antivirus, vpn, ' +
      'internet connection, slow internet, doesnt work, wont turn on, keeps crashing, freezes, error message, ' +
      'troubleshoot, tech support, smart tv, airpods, headphones, gpu, cpu, ram, motherboard, build a pc, ' +
      'my computer, my phone, my laptop',
    weak:
      'error, app, phone, upgrade, screen, device, connect, connection, internet, online, website, download, ' +
      'file, setting, settings, broken, computer, software, hardware, click, button, install, reset, ' +
      'restart, crash, storage, backup, monitor, driver, frozen, not working',
  },
  {
    name: 'politics',
    strong:
      'politics, political, politician, government, electoral college, election, vote, voting, voter, democracy, democratic, republican, ' +
      'democrat, parliament, congress, senate, senator, prime minister, election campaign, liberal, conservative, socialism, ' +
      'socialist, communism, communist, capitalism, fascism, authoritarian, dictatorship, geopolitics, geopolitical, ' +
      'foreign policy, diplomacy, diplomatic, united nations, nato, european union, sanctions, immigration, refugee, ' +
      'protest, human rights, civil rights, gun control, abortion, welfare, public policy, activism, feminism, ' +
      'racism, discrimination, social justice, propaganda, censorship',
    weak:
      'president, minister, citizen, society, country, law, war, debate, policy, inequality',
  },
  {
    name: 'arts',
    strong:
      'artist, artwork, painting, sketch, illustration, illustrator, sculpture, gallery, watercolor, ' +
      'acrylic, oil painting, portrait, canvas, color palette, colour palette, color scheme, typography, ' +
      'font, logo, graphic design, designer, ux, ui design, user interface, figma, photoshop, photography, ' +
      'photographer, camera settings, aperture, shutter speed, interior design, fashion, outfit, clothing, ' +
      'calligraphy, pottery, ceramics, knitting, crochet, sewing, 3d modeling, art style, drawing skills, ' +
      'pencil drawing, learn to draw',
    weak:
      'design, color, colour, picture, photo, visual, wear, dress, shirt, paint, museum, aesthetic, ' +
      'architecture, architect, craft, blender, art',
  },
  {
    name: 'home',
    strong:
      'garden, gardening, houseplant, lawn, compost, fertilizer, pruning, diy, plumbing, plumber, faucet, ' +
      'toilet, sink, drain, electrician, wiring, light switch, drywall, renovation, renovate, remodel, ' +
      'furniture, shelf, shelves, house cleaning, stain, laundry, washing machine, dishwasher, ' +
      'vacuum cleaner, mold, pest, cockroach, decluttering, declutter, home improvement, power drill, ' +
      'hammer, screwdriver, dog, puppy, cat, kitten, pet, vet, veterinarian, aquarium, hamster, parrot, ' +
      'litter box, dog food, cat food, apartment, bedroom, bathroom, air conditioner, thermostat, ' +
      'moving house, my house, my apartment, water the plants, water my plants, central heating, ' +
      'heating bill',
    weak:
      'home, house, wood, wall, floor, door, smell, plant, animal, repair, paint, leak, drill',
  },
];

/** Capability-area names, in bit order of `TextFeatures.topics` (at most 31). */
export const TOPIC_NAMES: readonly string[] = TOPIC_WORDS.map((t) => t.name);

/** Elicitation cue bits of `TextFeatures.elicitation`, in bit order. */
export const CUE_NAMES = [
  'stepByStep',
  'chainOfThought',
  'showWork',
  'thinkFirst',
  'explainReasoning',
  'trainingFormat',
  'exhaustive',
  'alternatives',
  'finalAnswer',
] as const;
export type CueName = (typeof CUE_NAMES)[number];

/**
 * Phrases per cue. Pattern syntax: words separated by spaces; `a|b` means either word, `a_b` is
 * two words inside an alternative, a trailing `?` makes the word optional, `#` is any number.
 */
export const CUE_PHRASES: Readonly<Record<CueName, readonly string[]>> = {
  stepByStep: [
    'step by step',
    'one step at a time',
    'walk me|us through',
    'break it|this|that|the_problem|the_solution down',
    'each|every step',
    'all the? steps',
    'stepwise',
    'detailed steps',
    'in|into steps',
    'steps of|in your|the reasoning|solution|calculation|derivation',
  ],
  chainOfThought: [
    'chain of thought|thoughts|reasoning',
    'cot',
    'thought|thinking|reasoning process',
    'reasoning trace|traces|chain|path|steps',
    'inner|internal monologue',
    'internal|full|complete|entire|explicit reasoning',
    'think|thinking aloud',
    'think|thinking out loud',
    'scratchpad',
    'scratch pad',
    'rationale',
    'verbalize your|the reasoning|thinking|thoughts',
    'reason before answering|responding',
  ],
  showWork: [
    'show|showing your|all|all_your|the|me_the|me_your|all_the|each|every? work|working|workings|steps|calculation|calculations|math|derivation|reasoning',
    'intermediate steps|results|calculations|reasoning',
    'how you arrived|got|derived|reached',
  ],
  thinkFirst: [
    'think|reason before answering|responding|replying|you_answer|you_respond|you_reply|giving',
    'before answering|responding|replying',
    'before you answer|respond|reply',
    'think|reason carefully|hard|deeply|thoroughly|critically',
    'think|reason it|this|that? through',
    'lets|let_us think|reason',
    'first think|reason',
    'take a deep breath',
    'take your time',
    'careful reasoning',
  ],
  explainReasoning: [
    'explain|explaining|explanation_of|describe|justify your|the|my|each? reasoning|logic|thinking|rationale|answer|answers|choice|choices|solution|step|steps',
    'reasoning|logic|rationale behind',
    'provide|give|include|add|with|along_with|followed_by your|the|a|an? detailed|brief|clear|short|full|step_by_step? reasoning|explanation|explanations|justification',
    'justification for',
    'why that|this is the? correct|right answer',
  ],
  trainingFormat: [
    'training example|examples|data|set|sample|samples|pair|pairs',
    'fine tuning|tune',
    'finetuning|finetune',
    'instruction|input|question|prompt response|output|answer|completion pair|pairs|format',
    'in|use|using|follow|following the|this following|below|given format',
    'format|structure your|the answer|answers|response|responses|output as|like',
    'jsonl',
    'synthetic data',
    'teacher|student model',
    'for training a|an|the|my|our? model|models|llm|ai',
  ],
  exhaustive: [
    'comprehensive',
    'comprehensively',
    'exhaustive',
    'exhaustively',
    'in detail',
    'in great|full|more|much|extensive|exhaustive|greater detail',
    'detailed',
    'thorough',
    'thoroughly',
    'in depth',
    'elaborate',
    'extensive',
    'extensively',
    'lengthy',
    'long|longest|longer answer|response|explanation',
    'as detailed|long|thorough|comprehensive|complete|much_detail as possible',
    'as much detail',
    'leave nothing out',
    'cover every|all aspect|aspects|case|cases|detail|details',
    'every aspect|detail',
    'all aspects|details',
    'complete|full explanation|answer|analysis|breakdown',
    'fully|completely explain',
    'explain fully|completely|exhaustively',
    'at least # words|paragraphs|pages|sentences',
    'no fewer than # words',
    'maximum|max detail|length',
    'do|dont not? omit|skip anything',
  ],
  alternatives: [
    'multiple|alternative|alternate|several|different|various|all_possible|other solution|solutions|approach|approaches|method|methods|proof|proofs|derivation|derivations',
    'solve|answer|do|approach this|it|the_problem? in|using multiple|several|different|two|three|four|# ways|methods|approaches',
    'in|using two|three|four|# different|distinct|alternative ways|methods|approaches',
    'another|an_alternative way_to_solve|method|approach|solution|proof',
    'more than one way|method|approach|solution',
  ],
  finalAnswer: [
    'final answer|answers|result',
    'boxed',
    'put|place|enclose|wrap your|the answer|result in|within|inside',
    'answer in the format|form',
    'end with|conclude_with the|your? answer',
  ],
};

/** Cues that ask for the reasoning itself, as opposed to length or format. */
export const REASONING_CUES: readonly CueName[] = [
  'stepByStep',
  'chainOfThought',
  'showWork',
  'thinkFirst',
  'explainReasoning',
  'trainingFormat',
];

/** Words that, before a number, make it an enumeration marker: "Question 17", "item 0042". */
export const ENUMERATION_WORDS =
  'question, problem, item, task, exercise, example, sample, q, id, case, prompt, query, test, entry, record, ' +
  'puzzle, index, idx, num';
